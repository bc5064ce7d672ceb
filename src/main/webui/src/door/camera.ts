// QR codes from the phone's back camera: the browser's BarcodeDetector where it has one (Chrome on Android, Safari
// 17+ on some devices), else jsQR (loaded only then, in its own chunk) on frames drawn into a canvas.

interface Detector { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> }
type Decode = (video: HTMLVideoElement) => Promise<string | null>;

async function nativeDetector(): Promise<Detector | null> {
  const BD = (window as unknown as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (!BD) return null;
  try {
    return (await BD.getSupportedFormats()).includes('qr_code') ? new BD({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

async function decoder(): Promise<{ decode: Decode; engine: 'native' | 'jsqr' }> {
  const native = await nativeDetector();
  if (native) {
    return { engine: 'native', decode: async (video) => (await native.detect(video))[0]?.rawValue ?? null };
  }
  const jsQR = (await import('jsqr')).default;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  return {
    engine: 'jsqr',
    decode: async (video) => {
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      if (!canvas.width || !canvas.height) return null;
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
    },
  };
}

export interface Scanner { stop(): void; engine: 'native' | 'jsqr' }

/** Starts the back camera into `video` and calls `onCode` with each code seen (about 6 looks a second). */
export async function startScanner(video: HTMLVideoElement, onCode: (code: string) => void): Promise<Scanner> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser cannot use the camera here (it needs HTTPS).');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  video.setAttribute('playsinline', 'true');
  await video.play();
  const { decode, engine } = await decoder();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout>;
  const tick = async () => {
    if (stopped) return;
    try {
      const code = video.readyState >= 2 ? await decode(video) : null;
      if (code && !stopped) onCode(code);
    } catch { /* a frame that could not be read */ }
    timer = setTimeout(tick, 160);
  };
  tick();
  return {
    engine,
    stop() {
      stopped = true;
      clearTimeout(timer);
      stream.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
    },
  };
}
