package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of docs/architecture.md, checked on the sources: dependencies point down the
 * order engine &lt; loop &lt; debug &lt; tasks &lt; scopes &lt; coordination &lt; I/O &lt;
 * protocols, per class.
 *
 * <p>A reference is an import, a fully qualified name in code, or (within {@code io.jasyncio},
 * whose classes sit in several layers) the simple name of a sibling class. Comments and string
 * literals are ignored, so Javadoc may link anywhere.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "io.jasyncio";

    private static final Path ARCHITECTURE_DOC = Path.of("../docs/architecture.md");

    /**
     * Layer of each package (ten times the row number of docs/architecture.md's "Layers" table,
     * which is read, so the doc stays the one place to say it); higher may use lower.
     */
    private static final Map<String, Integer> PACKAGE_LAYERS = new LinkedHashMap<>();
    /** A numbered row of the layer table: | 3 | tasks | `io.jasyncio` core types, `internal.task` | ... */
    private static final Pattern LAYER_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern PACKAGE_NAME = Pattern.compile("`((?:io\\.jasyncio|internal)(?:\\.[a-z]\\w*)*)`");

    /*
     * The root package is shared: most of its types are the task layer's, these few are the loop
     * layer's or structured concurrency's (docs/architecture.md, "Layers"). A new root type that
     * needs internal.scope belongs in STRUCTURED_ROOT_TYPES.
     */
    private static final Set<String> LOOP_LEVEL_ROOT_TYPES = Set.of("Handle", "TimerHandle", "LoopClock");
    private static final Set<String> STRUCTURED_ROOT_TYPES = Set.of("TaskGroup", "TaskStatus", "ExceptionGroup",
            "Timeout", "TimeoutBody", "ScopedCallable", "AsyncTimeoutException", "ReturnWhen", "WaitResult",
            "CancelScope");
    /**
     * The flat {@code asyncio.X} facade: it delegates to every layer (as asyncio's
     * {@code __init__} merges every module), so it is exempt as a source; others see it at the
     * task layer.
     */
    private static final String FACADE = ROOT + ".Asyncio";

    @BeforeAll
    static void readLayers() throws IOException {
        Matcher row = LAYER_ROW.matcher(Files.readString(ARCHITECTURE_DOC));
        while (row.find()) {
            int layer = Integer.parseInt(row.group(1)) * 10;
            Matcher pkg = PACKAGE_NAME.matcher(row.group(2));
            while (pkg.find()) {
                String name = pkg.group(1).startsWith("internal") ? ROOT + "." + pkg.group(1) : pkg.group(1);
                // the root package appears in several rows: its unlisted types are the lowest's
                PACKAGE_LAYERS.merge(name, layer, Math::min);
            }
        }
        assertThat(PACKAGE_LAYERS).as("layer table of %s", ARCHITECTURE_DOC).containsKeys(
                "io.jasyncio.internal.engine", "io.jasyncio.internal.loop", "io.jasyncio", "io.jasyncio.internal.task");
        // the tooling row has no number; docs/architecture.md ranks it in the rules below the table
        PACKAGE_LAYERS.put("io.jasyncio.internal.debug", 25);
        PACKAGE_LAYERS.put("io.jasyncio.testing", 90);
    }

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;",
            Pattern.MULTILINE);
    /** A fully qualified jasyncio type: lower-case package segments, then a capitalised name. */
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.jasyncio(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");

    private record Source(String className, String pkg, String code) {
        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    private static List<Source> sources;

    @BeforeAll
    static void readSources() throws IOException {
        sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = p.getFileName().toString().replace(".java", "");
                if (name.equals("module-info")) {
                    continue;
                }
                String text = Files.readString(p);
                Matcher m = PACKAGE.matcher(text);
                assertThat(m.find()).as("package line in %s", p).isTrue();
                sources.add(new Source(m.group(1) + "." + name, m.group(1), stripCommentsAndStrings(text)));
            }
        }
        assertThat(sources).as("sources found under %s", SOURCES.toAbsolutePath()).isNotEmpty();
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unknown = new TreeSet<>();
        for (Source s : sources) {
            if (!PACKAGE_LAYERS.containsKey(s.pkg())) {
                unknown.add(s.pkg());
            }
        }
        assertThat(unknown).as("packages missing from the layer table of docs/architecture.md")
                .isEmpty();
    }

    @Test
    void theEngineImportsNothingFromJasyncio() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            if (s.pkg().equals("io.jasyncio.internal.engine")) {
                for (String ref : references(s)) {
                    if (!packageOf(ref).equals("io.jasyncio.internal.engine")) {
                        violations.add(s.className() + " -> " + ref);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theLoopLayerKnowsNoTasks() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            if (s.pkg().equals("io.jasyncio.internal.loop")) {
                for (String ref : references(s)) {
                    String pkg = packageOf(ref);
                    boolean allowed = pkg.equals("io.jasyncio.internal.engine") || pkg.equals("io.jasyncio.internal.loop")
                            || LOOP_LEVEL_ROOT_TYPES.contains(ref.substring(ROOT.length() + 1));
                    if (!allowed) {
                        violations.add(s.className() + " -> " + ref);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void dependenciesPointDown() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            Integer from = layerOf(s.className());
            if (from == null || s.className().equals(FACADE)) {
                continue;
            }
            for (String ref : references(s)) {
                Integer to = layerOf(ref);
                if (to != null && to > from) {
                    violations.add(s.className() + " (layer " + from + ") -> " + ref + " (layer " + to + ")");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** The jasyncio types {@code s} refers to, outside comments and strings. */
    private static Set<String> references(Source s) {
        Set<String> refs = new TreeSet<>();
        Matcher m = IMPORT.matcher(s.code());
        while (m.find()) {
            String ref = typeOf(m.group(1));
            if (ref.startsWith(ROOT + ".")) {
                refs.add(ref);
            }
        }
        m = QUALIFIED.matcher(s.code());
        while (m.find()) {
            refs.add(m.group());
        }
        for (Source sibling : sources) {
            if (sibling.pkg().equals(s.pkg()) && sibling != s
                    && Pattern.compile("\\b" + sibling.simpleName() + "\\b").matcher(s.code()).find()) {
                refs.add(sibling.className());
            }
        }
        return refs;
    }

    /** Drops a static import's member: the type is the part up to the first capitalised segment. */
    private static String typeOf(String name) {
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
        }
        return sb.toString();
    }

    private static String packageOf(String type) {
        String[] parts = type.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static Integer layerOf(String type) {
        String pkg = packageOf(type);
        if (pkg.equals(ROOT)) {
            String simple = type.substring(ROOT.length() + 1).split("\\.")[0];
            if (LOOP_LEVEL_ROOT_TYPES.contains(simple)) {
                return PACKAGE_LAYERS.get("io.jasyncio.internal.loop");
            }
            if (STRUCTURED_ROOT_TYPES.contains(simple)) {
                return PACKAGE_LAYERS.get("io.jasyncio.internal.scope");
            }
        }
        return PACKAGE_LAYERS.get(pkg);
    }

    /** Blanks comments, string and character literals and text blocks, keeping everything else. */
    static String stripCommentsAndStrings(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && src.charAt(i) != c) {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void theScannerIgnoresCommentsAndStrings() {
        String code = stripCommentsAndStrings("""
                /** {@link io.jasyncio.Task} */ class A { // io.jasyncio.Task
                  String s = "io.jasyncio.Task \\" x"; char c = '"'; io.jasyncio.Handle h; }
                """);
        Matcher m = QUALIFIED.matcher(code);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        assertThat(found).containsExactly("io.jasyncio.Handle");
    }
}
