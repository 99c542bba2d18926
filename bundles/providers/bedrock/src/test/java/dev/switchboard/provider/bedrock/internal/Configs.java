package dev.switchboard.provider.bedrock.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link BedrockConfig} with its defaults, some overridden by name (the Metatype attribute's method name). */
final class Configs {

    private Configs() {
    }

    static BedrockConfig bedrock(Map<String, Object> overrides) {
        return (BedrockConfig) Proxy.newProxyInstance(BedrockConfig.class.getClassLoader(),
                new Class<?>[] {BedrockConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if ("annotationType".equals(method.getName())) {
                        return BedrockConfig.class;
                    }
                    Object value = method.getDefaultValue();
                    if (value == null) {
                        throw new IllegalStateException("no default for " + method.getName());
                    }
                    return value;
                });
    }

    static Class<? extends Annotation> type() {
        return BedrockConfig.class;
    }
}
