package dunning.local.junit;

import dunning.local.cloud.LocalClients;
import dunning.local.LocalCloud;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a fresh local cloud provisioned from template.yaml: declare a {@link LocalCloud}
 * (or {@link LocalClients}) parameter. Asked for by a test method, the cloud lives for that test;
 * asked for by a static {@code @BeforeAll} method, for the class. JUnit closes it afterwards,
 * which stops every engine and frees its port.
 */
public final class LocalCloudExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalCloudExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalCloud.class || type == LocalClients.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalCloud cloud = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("cloud", k -> new Closing(LocalCloud.start()), Closing.class).cloud();
        return parameter.getParameter().getType() == LocalClients.class ? cloud.clients() : cloud;
    }

    /** Lets JUnit close the cloud with the store that holds it. */
    private record Closing(LocalCloud cloud) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cloud.close();
        }
    }
}
