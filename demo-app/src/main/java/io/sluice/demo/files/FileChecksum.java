package io.sluice.demo.files;

import io.sluice.fs.ReactiveFiles;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Mono;

/** The SHA-256 of a file's content, read in chunks through {@link ReactiveFiles#read(Path)}. */
final class FileChecksum {

  private FileChecksum() {}

  /**
   * Hashes a file.
   *
   * @param file the file
   * @return the lower-case hex SHA-256; each subscription reads the file again
   */
  static Mono<String> sha256(Path file) {
    return ReactiveFiles.read(file)
        .reduceWith(FileChecksum::digest, FileChecksum::update)
        .map(digest -> HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static MessageDigest update(MessageDigest digest, ByteBuffer chunk) {
    digest.update(chunk);
    return digest;
  }
}
