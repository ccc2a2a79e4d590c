package dev.connectorjobs.e2e.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through chromedriver, both from the system (Debian's {@code
 * chromium} and {@code chromium-driver}), never downloaded: Selenium is given both paths, so its
 * driver manager has nothing to fetch.
 *
 * <p>Without them the browser tests cannot run: on CI ({@code CI=true}, where {@code .ci/run}
 * installs them) that fails the tests; on a developer's machine it skips them, saying what to
 * install. {@code CHROMIUM_BIN} and {@code CHROMEDRIVER_BIN} point elsewhere when needed.
 */
final class Chromium {

    private static final String BROWSER = env("CHROMIUM_BIN", "/usr/bin/chromium");
    private static final String DRIVER = env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

    private Chromium() {}

    /** Skips (locally) or fails (on CI) unless both binaries are installed. */
    static void requireInstalled() {
        boolean present = new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
        if (present) {
            return;
        }
        String message = "The console's browser tests need Chromium and its driver at " + BROWSER + " and " + DRIVER
                + "; install them with 'apt-get install -y chromium chromium-driver' (Debian), or set"
                + " CHROMIUM_BIN and CHROMEDRIVER_BIN";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " (.ci/run installs them on CI)");
        }
        Assumptions.abort(message);
    }

    /** A fresh headless browser with its own profile, at 1280x800. */
    static ChromeDriver start() throws IOException {
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER)
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1280,800",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
