import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The table of bench/sale.sh: per app (A, B, ...: the directories given), the median over its sales of the CPU per
 * sold seat of each process, the sell-out rate and the double-sale check; B, C ... as ratios against A.
 * `java bench/SaleSummary.java OUT_DIR A_DIR [B_DIR ...]`
 */
public class SaleSummary {

    static final String[] PROCESSES = {"app", "postgres", "redis", "rabbitmq", "generator"};

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        System.out.println("| app | sales | " + String.join(" | ", List.of("app ms/seat", "PostgreSQL ms/seat",
                "Redis ms/seat", "RabbitMQ ms/seat", "generator ms/seat")) + " | seats/s | sold / tickets / distinct seats |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        double[] baseline = null;
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
                medians[k] = values.size() % 2 == 1 ? values.get(values.size() / 2)
                        : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
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
        System.out.println("Median over the sales (range in brackets). CPU (utime+stime from /proc) per sold seat: app, "
                + "PostgreSQL backends of the bench database, redis-server and the RabbitMQ broker from the sale's first "
                + "hold until the outbox is drained; the load generator (Gatling's JVM) until its last answer. Redis and "
                + "RabbitMQ count whatever else uses them on the machine.");
    }
}
