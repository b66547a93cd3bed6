package it.c2du.lab.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Where a lab report's Markdown and HTML go, and writing both. */
public final class LabReportFiles {
    private LabReportFiles() {
    }

    /**
     * Where {@link #write} puts the two forms of a report named {@code report}: element 0 the
     * Markdown, element 1 the HTML. A name ending in ".md" is the Markdown, the HTML beside it ends
     * in ".html"; a name ending in ".html" or ".htm" is the HTML, the Markdown beside it ends in
     * ".md"; any other name gets ".md" and ".html" appended. Case-insensitive.
     */
    public static Path[] targets(Path report) {
        Path fileName = Objects.requireNonNull(report, "report").getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("not a file name: " + report);
        }
        String name = fileName.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".md") && name.length() > 3) {
            return new Path[] {report, report.resolveSibling(name.substring(0, name.length() - 3) + ".html")};
        }
        if (lower.endsWith(".html") && name.length() > 5) {
            return new Path[] {report.resolveSibling(name.substring(0, name.length() - 5) + ".md"), report};
        }
        if (lower.endsWith(".htm") && name.length() > 4) {
            return new Path[] {report.resolveSibling(name.substring(0, name.length() - 4) + ".md"), report};
        }
        return new Path[] {report.resolveSibling(name + ".md"), report.resolveSibling(name + ".html")};
    }

    /**
     * Writes the Markdown and the HTML to {@link #targets(Path) targets(report)}, creating the
     * parent directories. Each file is replaced atomically: both are first written to temporary
     * files in their directory, then each is moved over its target; a reader sees a whole old file
     * or a whole new one, never half. (The pair is not one transaction: should the second move
     * fail, the Markdown is new and the HTML old.) On failure no temporary file is left behind.
     */
    public static void write(LabReport result, Path report) throws IOException {
        Path[] targets = targets(report);
        String[] texts = {LabReportMarkdown.of(result), LabReportHtml.of(result)};
        Path[] temps = new Path[targets.length];
        try {
            for (int i = 0; i < targets.length; i++) {
                Path dir = targets[i].toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                temps[i] = writeTemp(targets[i], texts[i]);
            }
            for (int i = 0; i < targets.length; i++) {
                Files.move(temps[i], targets[i], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temps[i] = null;
            }
        } finally {
            for (Path tmp : temps) {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // the directory itself is unusable: the exception on its way says so
                    }
                }
            }
        }
    }

    /**
     * A new hidden file beside {@code target} holding {@code text}. Created like any new file (the
     * umask applies, unlike {@link Files#createTempFile}), with a random name so that two writers
     * never share one.
     */
    private static Path writeTemp(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp); // a partly written file of our own
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}
