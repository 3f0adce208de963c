package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public surface (every public type of an exported package, with its public and protected
 * members) is committed in {@code api/jasyncio-core.api}. A change to the surface must come with
 * a change to that file, so it is reviewed like code (Kotlin's and OkHttp's {@code .api} files).
 * To accept a change: {@code mvn -pl jasyncio-core test -Dtest=ApiSurfaceTest -Djasyncio.api.update=true}.
 */
class ApiSurfaceTest {
    private static final Path API = Path.of("api", "jasyncio-core.api");

    @Test
    void thePublicSurfaceMatchesTheCommittedApiFile() throws Exception {
        List<String> current = surface();
        if (Boolean.getBoolean("jasyncio.api.update")) {
            Files.createDirectories(API.getParent());
            Files.write(API, current);
        }
        List<String> committed = Files.exists(API) ? Files.readAllLines(API) : List.of();
        List<String> added = new ArrayList<>(current);
        added.removeAll(committed);
        List<String> removed = new ArrayList<>(committed);
        removed.removeAll(current);
        assertThat(added).as("public API added but not in %s; review, then rerun with -Djasyncio.api.update=true", API)
                .isEmpty();
        assertThat(removed).as("public API removed but still in %s; review, then rerun with -Djasyncio.api.update=true", API)
                .isEmpty();
    }

    @Test
    void exportedPackagesHoldNoInternalNames() throws Exception {
        assertThat(exportedPackages()).allSatisfy(p -> assertThat(p).doesNotContain(".internal"));
    }

    static Set<String> exportedPackages() throws IOException {
        Path classes = classesDir();
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            Set<String> out = new TreeSet<>();
            for (ModuleDescriptor.Exports e : ModuleDescriptor.read(in).exports()) {
                if (!e.isQualified()) {
                    out.add(e.source());
                }
            }
            return out;
        }
    }

    static Path classesDir() {
        return Path.of("target", "classes");
    }

    static List<String> surface() throws Exception {
        Set<String> lines = new TreeSet<>();
        Path classes = classesDir();
        for (String pkg : exportedPackages()) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = pkg + "." + f.getFileName().toString().replace(".class", "");
                    if (name.endsWith("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
                    if (!isVisible(c)) {
                        continue;
                    }
                    describe(c, lines);
                }
            }
        }
        return new ArrayList<>(lines);
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return !c.isSynthetic() && !c.isAnonymousClass();
    }

    private static void describe(Class<?> c, Set<String> out) {
        String type = c.getName();
        String kind = c.isRecord() ? "record" : c.isEnum() ? "enum" : c.isAnnotation() ? "@interface"
                : c.isInterface() ? "interface" : "class";
        out.add(type + " | " + Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
                | (c.isInterface() ? 0 : c.getModifiers() & Modifier.ABSTRACT)) + " " + kind
                + (c.getSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()
                ? " extends " + c.getSuperclass().getName() : "")
                + (c.getInterfaces().length > 0 ? " implements " + names(c.getInterfaces()) : ""));
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exposed(k.getModifiers())) {
                out.add(type + " | " + Modifier.toString(k.getModifiers()) + " <init>(" + names(k.getParameterTypes()) + ")");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                out.add(type + " | " + Modifier.toString(m.getModifiers() & ~Modifier.TRANSIENT & ~Modifier.VOLATILE)
                        + (m.isDefault() ? " default" : "") + " " + m.getGenericReturnType().getTypeName() + " "
                        + m.getName() + "(" + genericNames(m.getGenericParameterTypes()) + ")");
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                out.add(type + " | " + Modifier.toString(f.getModifiers()) + " " + f.getGenericType().getTypeName()
                        + " " + f.getName());
            }
        }
    }

    private static boolean exposed(int mod) {
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static String names(Class<?>[] types) {
        List<String> n = new ArrayList<>();
        for (Class<?> t : types) {
            n.add(t.getTypeName());
        }
        return String.join(", ", n);
    }

    private static String genericNames(java.lang.reflect.Type[] types) {
        List<String> n = new ArrayList<>();
        for (java.lang.reflect.Type t : types) {
            n.add(t.getTypeName());
        }
        return String.join(", ", n);
    }
}
