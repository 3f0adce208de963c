package io.jasyncio.junit;

import io.jasyncio.Asyncio;
import io.jasyncio.EngineKind;
import io.jasyncio.testing.ScheduleSeeds;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link AsyncTest}: one invocation per engine (and per schedule seed when
 * {@link AsyncTest#scheduleSeeds()} asks), each with its own loop (see {@link AsyncRun}). Registered by the annotation; there is no need to name it.
 */
public final class AsyncTestExtension implements TestTemplateInvocationContextProvider {
    /**
     * The configuration parameter {@link AsyncTest.Engines#DEFAULT} reads: a system property, or
     * a line of {@code junit-platform.properties}. The only setting this module reads.
     */
    static final String ENGINES_PROPERTY = "jasyncio.junit.engines";

    /** Created by JUnit. */
    public AsyncTestExtension() {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, AsyncTest.class)).isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method m = context.getRequiredTestMethod();
        AsyncTest config = AnnotationSupport.findAnnotation(m, AsyncTest.class).orElseThrow();
        if (config.slowStepMillis() <= 0) {
            throw new ExtensionConfigurationException("@AsyncTest(slowStepMillis = " + config.slowStepMillis()
                    + ") on " + m + ": the threshold must be positive; to allow slow steps, use "
                    + "@SkipCheck(value = Check.SLOW_STEPS, reason = \"...\")");
        }
        if (config.scheduleSeeds() < 0) {
            throw new ExtensionConfigurationException("@AsyncTest(scheduleSeeds = " + config.scheduleSeeds()
                    + ") on " + m + ": give 0 for the plain order or a positive count of seeds");
        }
        List<EngineKind> engines = engines(config.engines(),
                context.getConfigurationParameter(ENGINES_PROPERTY).orElse(""));
        if (config.scheduleSeeds() == 0) {
            return engines.stream().map(e -> invocation(config, e, null));
        }
        long[] seeds = ScheduleSeeds.seeds(config.scheduleSeeds());
        return engines.stream().flatMap(e -> LongStream.of(seeds).mapToObj(seed -> invocation(config, e, seed)));
    }

    /** The engines to run on, in order; {@code property} is the parameter's value, or empty. */
    static List<EngineKind> engines(AsyncTest.Engines requested, String property) {
        return switch (requested) {
            case BOTH -> List.of(EngineKind.LOOP, EngineKind.PORTABLE);
            case LOOP -> List.of(EngineKind.LOOP);
            case PORTABLE -> List.of(EngineKind.PORTABLE);
            case DEFAULT -> {
                String p = property.trim().toLowerCase(Locale.ROOT);
                yield switch (p) {
                    case "" -> List.of(Asyncio.defaultEngine());
                    case "both" -> List.of(EngineKind.LOOP, EngineKind.PORTABLE);
                    case "loop" -> List.of(EngineKind.LOOP);
                    case "portable" -> List.of(EngineKind.PORTABLE);
                    default -> throw new ExtensionConfigurationException("-D" + ENGINES_PROPERTY + "=" + p
                            + " is not an engine choice: use both, loop or portable (or leave it unset for the "
                            + "JVM's default engine)");
                };
            }
        };
    }

    /** One run; {@code seed} is the schedule seed, or null for the plain order. */
    private static TestTemplateInvocationContext invocation(AsyncTest config, EngineKind engine, Long seed) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                String name = engine.name().toLowerCase(Locale.ROOT) + " engine";
                return seed == null ? name : name + ", schedule seed " + seed;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new AsyncRun(config, engine, seed));
            }
        };
    }
}
