import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './Icon';

export function Empty({ icon = 'ticket', title, children }: { icon?: IconName; title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <span class="empty__art"><Icon name={icon} size={72} /></span>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Skeleton({ width = '100%', height = '1em', radius, class: cls }:
  { width?: string; height?: string; radius?: string; class?: string }) {
  return <span class={`skeleton ${cls ?? ''}`} style={{ display: 'block', width, height, borderRadius: radius }} aria-hidden="true" />;
}
