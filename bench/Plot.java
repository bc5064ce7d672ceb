import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Plots of one sale of bench/sale.sh, from the CSVs its simulation wrote: sell-out.png (seats sold over time) and
 * latency.png (p50/p95/p99 of holds and orders per half second). No dependencies: `java bench/Plot.java DIR`.
 */
public class Plot {

    record Series(String name, Color color, List<double[]> points) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<double[]> sold = new ArrayList<>();
        for (String line : data(dir.resolve("sale-timeline.csv"))) {
            String[] f = line.split(",");
            sold.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
        }
        draw(dir.resolve("sell-out.png"), "Seats sold", "seats", List.of(new Series("sold", new Color(0x1f77b4), sold)));

        double bucket = 0.5;
        TreeMap<Integer, List<Double>> holds = new TreeMap<>();
        TreeMap<Integer, List<Double>> orders = new TreeMap<>();
        for (String line : data(dir.resolve("sale-requests.csv"))) {
            String[] f = line.split(",");
            var target = f[1].equals("hold") ? holds : orders;
            target.computeIfAbsent((int) (Double.parseDouble(f[0]) / bucket), k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
        }
        List<Series> latency = new ArrayList<>();
        float[] quantiles = {0.50f, 0.95f, 0.99f};
        Color[] hold = {new Color(0x9ecae1), new Color(0x4292c6), new Color(0x08306b)};
        Color[] order = {new Color(0xfdae6b), new Color(0xf16913), new Color(0x7f2704)};
        for (int q = 0; q < quantiles.length; q++) {
            latency.add(new Series("hold p" + Math.round(quantiles[q] * 100), hold[q], percentiles(holds, quantiles[q], bucket)));
            latency.add(new Series("order p" + Math.round(quantiles[q] * 100), order[q], percentiles(orders, quantiles[q], bucket)));
        }
        draw(dir.resolve("latency.png"), "Latency per " + bucket + " s (answered requests)", "ms", latency);
    }

    static List<String> data(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    static List<double[]> percentiles(TreeMap<Integer, List<Double>> buckets, float q, double bucket) {
        List<double[]> points = new ArrayList<>();
        buckets.forEach((b, values) -> {
            values.sort(null);
            int i = Math.min(values.size() - 1, (int) Math.ceil(q * values.size()) - 1);
            points.add(new double[] {(b + 0.5) * bucket, values.get(Math.max(0, i))});
        });
        return points;
    }

    static void draw(Path file, String title, String unit, List<Series> series) throws IOException {
        int w = 900, h = 420, left = 70, right = 150, top = 40, bottom = 50;
        double maxX = 0.001, maxY = 0.001;
        for (Series s : series) {
            for (double[] p : s.points) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = nice(maxY);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = w - left - right, plotH = h - top - bottom;
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = top + plotH - plotH * i / 5;
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxY * i / 5), 8, y + 4);
            int x = left + plotW * i / 5;
            g.drawString(String.format(Locale.ROOT, "%.1f s", maxX * i / 5), x - 12, top + plotH + 18);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + " (" + unit + ")", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("seconds since the sale opened", left + plotW / 2 - 80, h - 12);
        int legend = top;
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(new BasicStroke(2f));
            int px = -1, py = -1;
            for (double[] p : s.points) {
                int x = left + (int) (plotW * p[0] / maxX), y = top + plotH - (int) (plotH * p[1] / maxY);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + plotW + 12, legend + 4, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name, left + plotW + 32, legend + 10);
            legend += 18;
        }
        ImageIO.write(image, "png", new File(file.toString()));
    }

    static double nice(double max) {
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * step >= max) {
                return m * step;
            }
        }
        return 10 * step;
    }
}
