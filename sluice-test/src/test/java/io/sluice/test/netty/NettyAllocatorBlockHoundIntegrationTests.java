package io.sluice.test.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import reactor.blockhound.integration.BlockHoundIntegration;

class NettyAllocatorBlockHoundIntegrationTests {

  @Test
  void blockHoundFindsTheIntegrationOnTheClassPath() {
    assertThat(ServiceLoader.load(BlockHoundIntegration.class))
        .anySatisfy(
            integration ->
                assertThat(integration).isInstanceOf(NettyAllocatorBlockHoundIntegration.class));
  }

  @Test
  void theAllowedMethodsExistInTheNettyOnTheClassPath() throws ClassNotFoundException {
    // A Netty upgrade that renames them would make the allowance silently useless.
    assertThat(methodNames("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup"))
        .contains("tryExpandMagazines");
    assertThat(methodNames("io.netty.buffer.AdaptivePoolingAllocator$Magazine")).contains("free");
  }

  private static String[] methodNames(String className) throws ClassNotFoundException {
    return Arrays.stream(Class.forName(className).getDeclaredMethods())
        .map(Method::getName)
        .toArray(String[]::new);
  }
}
