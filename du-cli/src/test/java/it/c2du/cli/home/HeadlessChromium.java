package it.c2du.cli.home;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A page in a real browser, for the tests of what people open: Chromium without a screen (installed
 * by tools/ensure-chromium when missing), with a profile of its own in {@code work}.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private final Path work;

    public HeadlessChromium(Path work) {
        ProjectTool.ensure("chromium", CHROMIUM);
        this.work = work;
    }

    /** The page's DOM after its scripts ran. */
    public String dumpDom(String url) throws Exception {
        return run(url, "--dump-dom");
    }

    /** Takes a screenshot into {@code png}; returns what the browser logged (console errors read "Uncaught ..."). */
    public String screenshot(String url, Path png) throws Exception {
        run(url, "--screenshot=" + png);
        return Files.readString(work.resolve("chromium.err"));
    }

    private String run(String url, String what) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=412,2400", "--virtual-time-budget=3000", what, url)
                .redirectError(work.resolve("chromium.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not end within 60 s");
        }
        return out;
    }
}
