import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;

/**
 * The table of bench/sale.sh: per app (A, B, ...: the directories given), the median over its sales of the CPU per
 * sold seat of each process, the sell-out rate and the double-sale check; B, C ... as ratios against A.
 * `java bench/SaleSummary.java OUT_DIR A_DIR [B_DIR ...]`
 */
public class SaleSummary {

    static final String[] PROCESSES = {"app", "postgres", "redis", "rabbitmq", "generator"};
    static final String[] THREAD_KINDS = {"jit", "gc", "eventLoop", "worker", "other"};

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        System.out.println("| app | sales | " + String.join(" | ", List.of("app ms/seat", "PostgreSQL ms/seat",
                "Redis ms/seat", "RabbitMQ ms/seat", "generator ms/seat")) + " | seats/s | sold / tickets / distinct seats |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        double[] baseline = null;
        Map<String, List<Properties>> complete = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            char letter = (char) ('A' + i - 1);
            List<Properties> sales = new ArrayList<>();
            try (var dirs = Files.list(out)) {
                for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(letter + "-")).sorted().toList()) {
                    Path result = dir.resolve("sale-result.properties");
                    if (Files.exists(result)) {
                        Properties p = new Properties();
                        try (Reader reader = Files.newBufferedReader(result)) {
                            p.load(reader);
                        }
                        if ("true".equals(p.getProperty("complete"))) {
                            sales.add(p);
                        }
                    }
                }
            }
            if (sales.isEmpty()) {
                System.out.println("| " + letter + " `" + args[i] + "` | 0 | no complete sale |||||||");
                continue;
            }
            complete.put(letter + " `" + args[i] + "`", sales);
            double[] medians = new double[PROCESSES.length + 1];
            StringBuilder row = new StringBuilder("| " + letter + " `" + args[i] + "` | " + sales.size() + " |");
            for (int k = 0; k <= PROCESSES.length; k++) {
                String key = k < PROCESSES.length ? "cpuMsPerSeat." + PROCESSES[k] : null;
                List<Double> values = new ArrayList<>();
                for (Properties p : sales) {
                    values.add(key != null ? Double.parseDouble(p.getProperty(key))
                            : Double.parseDouble(p.getProperty("seatsSold")) / Double.parseDouble(p.getProperty("saleSeconds")));
                }
                values.sort(null);
                medians[k] = median(values);
                String spread = values.size() > 1
                        ? String.format(Locale.ROOT, " (%.2f-%.2f)", values.get(0), values.get(values.size() - 1)) : "";
                String ratio = baseline != null && baseline[k] > 0
                        ? String.format(Locale.ROOT, " = %.2fx A", medians[k] / baseline[k]) : "";
                row.append(String.format(Locale.ROOT, " %s%s%s |", k < PROCESSES.length ? String.format(Locale.ROOT, "%.2f", medians[k])
                        : String.format(Locale.ROOT, "%.0f", medians[k]), k < PROCESSES.length ? spread : "", ratio));
            }
            StringBuilder checks = new StringBuilder();
            for (Properties p : sales) {
                checks.append(checks.length() == 0 ? "" : "; ").append(p.getProperty("seatsSold")).append(" / ")
                        .append(p.getProperty("tickets", "?")).append(" / ").append(p.getProperty("distinctSeats", "?"));
            }
            System.out.println(row + " " + checks + " |");
            if (baseline == null) {
                baseline = medians;
            }
        }
        System.out.println();
        System.out.println("| app | " + String.join(" | ", THREAD_KINDS) + " |");
        System.out.println("|---|" + "---:|".repeat(THREAD_KINDS.length));
        for (Map.Entry<String, List<Properties>> app : complete.entrySet()) {
            StringBuilder row = new StringBuilder("| " + app.getKey() + " |");
            for (String kind : THREAD_KINDS) {
                List<Double> values = new ArrayList<>();
                for (Properties p : app.getValue()) {
                    values.add(Double.parseDouble(p.getProperty("appThreadsMsPerSeat." + kind, "NaN")));
                }
                row.append(String.format(Locale.ROOT, " %.2f |", median(values)));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println("The app's CPU per sold seat by thread (ms, median): JIT compiler threads, GC and VM threads, "
                + "Vert.x event loops, worker threads, everything else (from /proc/PID/task).");
        System.out.println();
        System.out.println("Median over the sales (range in brackets). CPU (utime+stime from /proc) per sold seat: app, "
                + "PostgreSQL backends of the bench database, redis-server and the RabbitMQ broker from the sale's first "
                + "hold until the outbox is drained; the load generator (Gatling's JVM) until its last answer. Redis and "
                + "RabbitMQ count whatever else uses them on the machine.");
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
