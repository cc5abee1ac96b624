package io.sluice.fs;

import java.util.List;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes BlockHound catch file system calls, which it does not by default: the JDK's native file
 * reads, writes, fsyncs, opens, stats and directory reads (JDK 17 to 25 names). With it, a file
 * operation on a {@code parallel()} or event-loop thread fails the test.
 */
public final class FileIoBlockHoundIntegration implements BlockHoundIntegration {

  private static final String FD = "(Ljava/io/FileDescriptor;";

  @Override
  public void applyTo(BlockHound.Builder builder) {
    for (String dispatcher :
        List.of("sun.nio.ch.FileDispatcherImpl", "sun.nio.ch.UnixFileDispatcherImpl")) {
      builder.markAsBlocking(dispatcher, "read0", FD + "JI)I");
      builder.markAsBlocking(dispatcher, "pread0", FD + "JIJ)I");
      builder.markAsBlocking(dispatcher, "write0", FD + "JI)I");
      builder.markAsBlocking(dispatcher, "pwrite0", FD + "JIJ)I");
      builder.markAsBlocking(dispatcher, "force0", FD + "Z)I");
    }
    String unix = "sun.nio.fs.UnixNativeDispatcher";
    builder.markAsBlocking(unix, "open0", "(JII)I");
    builder.markAsBlocking(unix, "stat0", "(JLsun/nio/fs/UnixFileAttributes;)V");
    builder.markAsBlocking(unix, "stat0", "(JLsun/nio/fs/UnixFileAttributes;)I");
    builder.markAsBlocking(unix, "lstat0", "(JLsun/nio/fs/UnixFileAttributes;)V");
    builder.markAsBlocking(unix, "opendir0", "(J)J");
    builder.markAsBlocking(unix, "readdir", "(J)[B");
    builder.markAsBlocking(unix, "readdir0", "(J)[B");
    builder.markAsBlocking(unix, "rename0", "(JJ)V");
    builder.markAsBlocking(unix, "unlink0", "(J)V");
    builder.markAsBlocking(unix, "mkdir0", "(JI)V");
  }
}
