package it.c2du.cli.dev;

import it.c2du.cli.BadArgumentException;
import it.c2du.cli.ExitStatus;

import it.c2du.cli.bench.ChildJvm;

import it.c2du.cli.DuCommand;
import it.c2du.cli.live.StopOnSigterm;

import it.c2du.lab.plan.LabRig;
import it.c2du.lab.plan.LabReport;
import it.c2du.lab.plan.LabReportFiles;
import it.c2du.lab.plan.LabRun;
import it.c2du.lab.plan.LabPlan;
import it.c2du.plc.serial.PtyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du lab run}: the lab plan against this receiver, with a result sheet. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the distributor's integration-lab test plan (C.1-a .. F.4.4, 20 tests) against this"
                + " receiver: simulated M1 and M2 meters -> emulated ST7580 modem -> socat pty pair -> du run in its own"
                + " process -> its state directory, on a simulated clock (the F.4 midnights take seconds). A power cut"
                + " kills the receiver process and starts it again on its state. Counters and profiles are read with"
                + " du counters, frames from the receiver's journal.",
                "",
                "Prints each verdict as it comes and, with --report, writes the result sheet as Markdown and HTML.",
                "",
                "Exit status: 0 every test Positive on every sample; 1 a test Negative; 2 a bad argument; 4 the bench"
                        + " cannot be built (socat missing)."})
public final class LabRunCommand implements Callable<Integer> {
    @Option(names = "--tests", split = ",", paramLabel = "ID[,ID...]",
            description = "Only these tests, e.g. C.1-a,F.2,F.4.1-a (default: all 20).")
    List<String> testIds;

    @Option(names = "--samples", paramLabel = "N", description = "Samples (DUs) to run the plan on, 1..10 (default 3, as the lab).")
    int samples = 3;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the result sheet: FILE.md and FILE.html (or FILE as given if it ends in .md or .html,"
                    + " and the other format beside it).")
    Path report;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Keep each sample's configuration, state, frame journal and receiver log in DIR (default: a"
                    + " temporary directory, deleted at the end). DIR must be empty or absent.")
    Path work;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The simulated day the tests start on (default: today).")
    String day;

    @Option(names = "--seed", paramLabel = "N", description = "The meters' traffic (default: from the clock; printed).")
    Long seed;

    @Option(names = "--report-number", paramLabel = "TEXT", description = "Default: LAB-<date>-<time>.")
    String reportNumber;

    @Option(names = "--du-name", paramLabel = "TEXT", description = "The DU's name on the sheet (default: c2du receiver).")
    String duName = "c2du receiver";

    @Option(names = "--model", paramLabel = "TEXT", description = "The DU model on the sheet.")
    String model = "c2du on Raspberry Pi with ST7580 modem";

    @Option(names = "--hw-version", paramLabel = "TEXT", description = "Default: this machine (its device-tree model, or"
            + " OS and architecture).")
    String hwVersion;

    @Option(names = "--sw-version", paramLabel = "TEXT", description = "Default: this du's version.")
    String swVersion;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The status of a run stopped by SIGTERM, as a shell reports a process that signal ended (128 + 15). */
    private static final int EXIT_STOPPED = 143;

    /** The receiver under test. */
    private final LabRig.ReceiverLauncher launcher;

    /** {@code du lab run} against this build's receiver ({@code du run} through {@link DuCommand}). */
    public LabRunCommand() {
        this(ChildJvm.labReceiver(DuCommand.class.getName()));
    }

    /** Against another receiver (the suite's negative controls pass deliberately broken ones). */
    public LabRunCommand(LabRig.ReceiverLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws Exception {
        List<LabPlan.TestCase> tests;
        try {
            tests = LabPlan.select(testIds);
        } catch (LabPlan.UnknownTestException e) {
            throw new BadArgumentException(e.getMessage());
        }
        if (samples < 1 || samples > 10) {
            throw new BadArgumentException("--samples: expected 1..10, got " + samples);
        }
        ZoneId zone = ZoneId.of("Europe/Rome");
        LocalDate first;
        try {
            first = day == null ? LocalDate.now(zone) : LocalDate.parse(day);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadArgumentException("--day: expected YYYY-MM-DD, got \"" + day + "\"");
        }
        if (work != null && Files.exists(work) && !Files.isDirectory(work)) {
            throw new BadArgumentException("--work " + work + ": is a file; expected a directory that is empty or"
                    + " does not exist yet");
        }
        if (work != null && Files.isDirectory(work) && isNotEmpty(work)) {
            throw new BadArgumentException("--work " + work + ": is not empty; expected a directory that is empty"
                    + " or does not exist yet (a previous run's state directories would be counted on)");
        }
        checkReport();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!PtyPair.socatAvailable()) {
            err.println("du: du lab run needs socat for the serial pty pair between the emulated modem and the receiver;"
                    + " install it (apt-get install socat, or tools/ensure-socat in the source tree)");
            return ExitStatus.DEVICE;
        }
        long s = seed != null ? seed : System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(zone);
        String version = new DuCommand.Version().getVersion()[0];
        LabRun.Identity id = new LabRun.Identity(
                reportNumber != null ? reportNumber : "LAB-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")),
                duName, model, hwVersion != null ? hwVersion : thisMachine(), swVersion != null ? swVersion : version);
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("du-lab-");
        out.printf("du lab run: %d tests on %d sample(s), simulated from %s (%s), seed %d%n", tests.size(), samples, first,
                zone, s);
        out.flush();
        LabReport result;
        // The samples' configurations hold keys: a temporary work directory goes even when interrupted.
        Thread cleanUp = new Thread(() -> deleteTree(dir), "lab-work-cleanup");
        if (work == null) {
            Runtime.getRuntime().addShutdownHook(cleanUp);
        }
        // SIGTERM or Ctrl-C: the rig's own hook kills the receiver and closes the pty under the run,
        // which then fails in whatever it was doing (a lost serial link, a receiver gone). That is the
        // stop, not an error of the run: said in one line, and no verdict is drawn from a killed rig.
        AtomicBoolean stopping = new AtomicBoolean();
        try (StopOnSigterm sigterm = new StopOnSigterm("lab-run", () -> stopping.set(true), 15)) {
            try {
                result = new LabRun(tests, samples, dir, launcher, zone, first, s, out).run(id);
            } catch (Exception e) {
                if (stopping.get()) {
                    return stopped(out, err);
                }
                throw e;
            } finally {
                if (work == null) {
                    deleteTree(dir);
                    try {
                        Runtime.getRuntime().removeShutdownHook(cleanUp);
                    } catch (IllegalStateException e) {
                        // Shutting down: the hook deletes it again, harmlessly.
                    }
                }
            }
            if (stopping.get()) {
                return stopped(out, err);
            }
            return finish(result, tests, out, dir);
        }
    }

    private static int stopped(PrintWriter out, PrintWriter err) {
        out.flush();
        err.println("du lab run: stopped by SIGTERM or Ctrl-C before the plan was done: no verdicts, no result sheet");
        err.flush();
        return EXIT_STOPPED;
    }

    private int finish(LabReport result, List<LabPlan.TestCase> tests, PrintWriter out, Path dir) throws IOException {
        long negative = result.tests().stream().filter(t -> !t.positive()).count();
        out.printf("%n%s: %d of %d tests Positive on %d sample(s)%n", negative == 0 ? "Positive" : "Negative",
                tests.size() - negative, tests.size(), samples);
        if (report != null) {
            LabReportFiles.write(result, report);
            Path[] t = LabReportFiles.targets(report);
            out.printf("Result sheet: %s and %s%n", t[0], t[1]);
        }
        if (work != null) {
            out.printf("Work directory kept: %s%n", dir);
        }
        return result.allPositive() ? 0 : 1;
    }

    /** A report that cannot be written is found before the run, not after it. */
    private void checkReport() throws BadArgumentException {
        if (report == null) {
            return;
        }
        if (Files.isDirectory(report)) {
            throw new BadArgumentException("--report " + report + ": is a directory; expected a file name (FILE"
                    + " gives FILE.md and FILE.html)");
        }
        for (Path t : LabReportFiles.targets(report)) {
            Path parent = t.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
                Files.deleteIfExists(Files.createTempFile(parent, ".du-lab-probe", ".tmp"));
            } catch (IOException | SecurityException e) {
                throw new BadArgumentException("--report " + report + ": cannot write " + t + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
    }

    private static boolean isNotEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    /** The machine's model (a Raspberry Pi says which) or its OS and architecture. */
    public static String thisMachine() {
        try {
            Path model = Path.of("/proc/device-tree/model");
            if (Files.isReadable(model)) {
                return Files.readString(model).replace("\0", "").trim();
            }
        } catch (IOException e) {
            // Not a device-tree machine: fall through.
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }

    /** Deletes a directory and what it holds, as far as it can (a temporary directory; the lab's broken receivers). */
    public static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: what is left is the OS's to clean.
        }
    }
}
