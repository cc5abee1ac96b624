package io.sluice.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class ReactiveFilesDirectoryTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int DIRECTORIES = 100;
  private static final int FILES_PER_DIRECTORY = 1000;

  @TempDir static Path shared;
  private static Path tree;

  @TempDir Path dir;

  @BeforeAll
  static void createATreeOfAHundredThousandFiles() throws IOException {
    tree = Files.createDirectory(shared.resolve("tree"));
    for (int d = 0; d < DIRECTORIES; d++) {
      Path directory = Files.createDirectory(tree.resolve(String.format("d%03d", d)));
      for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
        Files.createFile(directory.resolve("f" + f));
      }
    }
  }

  private void layout() throws IOException {
    Files.createDirectories(dir.resolve("a/b/c"));
    Files.writeString(dir.resolve("top.txt"), "top");
    Files.writeString(dir.resolve("top.log"), "log");
    Files.writeString(dir.resolve("a/mid.txt"), "mid");
    Files.writeString(dir.resolve("a/b/c/deep.txt"), "deep");
  }

  private List<String> relative(List<FileEntry> entries) {
    return entries.stream().map(e -> dir.relativize(e.path()).toString()).sorted().toList();
  }

  @Test
  void walksAHundredThousandFileTreeLazily() throws IOException {
    // Paused after ten entries (the first directory and nine of its files), the tree changes in
    // another directory. A walk that had listed the tree up front would miss the new file and
    // report the deleted one; a lazy walk lists that directory only when it gets there.
    AtomicReference<Path> other = new AtomicReference<>();
    AtomicLong entries = new AtomicLong();
    AtomicBoolean sawAdded = new AtomicBoolean();
    AtomicBoolean sawDeleted = new AtomicBoolean();
    StepVerifier.create(ReactiveFiles.walk(tree), 0)
        .thenRequest(10)
        .recordWith(ArrayList::new)
        .expectNextCount(10)
        .consumeRecordedWith(
            first -> {
              Path current = first.iterator().next().path();
              assertThat(first).allMatch(e -> e.path().startsWith(current));
              Path target = tree.resolve(current.endsWith("d000") ? "d001" : "d000");
              other.set(target);
              try {
                Files.createFile(target.resolve("added-while-walking"));
                Files.delete(target.resolve("f0"));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            })
        .thenRequest(Long.MAX_VALUE)
        .thenConsumeWhile(
            entry -> {
              entries.incrementAndGet();
              sawAdded.compareAndSet(false, entry.path().endsWith("added-while-walking"));
              sawDeleted.compareAndSet(false, entry.path().equals(other.get().resolve("f0")));
              return true;
            })
        .verifyComplete();
    assertThat(10 + entries.get())
        .isEqualTo(DIRECTORIES + (long) DIRECTORIES * FILES_PER_DIRECTORY);
    assertThat(sawAdded).isTrue();
    assertThat(sawDeleted).isFalse();
    Files.delete(other.get().resolve("added-while-walking"));
    Files.createFile(other.get().resolve("f0"));
  }

  @Test
  void walksDepthFirstWithEachDirectoryBeforeItsContent() throws IOException {
    layout();
    List<FileEntry> entries = ReactiveFiles.walk(dir).collectList().block(TIMEOUT);
    assertThat(relative(entries))
        .containsExactly("a", "a/b", "a/b/c", "a/b/c/deep.txt", "a/mid.txt", "top.log", "top.txt");
    List<Path> order = entries.stream().map(FileEntry::path).toList();
    assertThat(order.indexOf(dir.resolve("a/b"))).isLessThan(order.indexOf(dir.resolve("a/b/c")));
    FileEntry deep =
        entries.stream().filter(e -> e.path().endsWith("deep.txt")).findFirst().orElseThrow();
    assertThat(deep.isRegularFile()).isTrue();
    assertThat(deep.size()).isEqualTo(4);
  }

  @Test
  void limitsTheDepthAndFiltersWithAGlob() throws IOException {
    layout();
    assertThat(
            relative(
                ReactiveFiles.walk(dir, WalkOptions.defaults().withMaxDepth(2))
                    .collectList()
                    .block(TIMEOUT)))
        .containsExactly("a", "a/b", "a/mid.txt", "top.log", "top.txt");
    assertThat(
            relative(
                ReactiveFiles.walk(dir, WalkOptions.defaults().withGlob("**.txt"))
                    .collectList()
                    .block(TIMEOUT)))
        .containsExactly("a/b/c/deep.txt", "a/mid.txt", "top.txt");
    assertThat(
            relative(
                ReactiveFiles.walk(dir, WalkOptions.defaults().withGlob("*.txt"))
                    .collectList()
                    .block(TIMEOUT)))
        .containsExactly("top.txt");
  }

  @Test
  void cancellingAWalkClosesItsOpenDirectories() throws IOException {
    OpenFiles.assumeAvailable();
    layout();
    long before = OpenFiles.pointingTo(dir.resolve("a/b"));
    StepVerifier.create(ReactiveFiles.walk(dir, WalkOptions.defaults().withGlob("a/b")), 0)
        .thenRequest(1)
        .expectNextMatches(entry -> entry.path().endsWith("a/b"))
        .then(() -> assertThat(OpenFiles.pointingTo(dir.resolve("a/b"))).isGreaterThan(before))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(OpenFiles.pointingTo(dir.resolve("a/b"))).isEqualTo(before);
  }

  @Test
  void listsOneDirectoryFilteredByName() throws IOException {
    layout();
    assertThat(
            ReactiveFiles.list(dir)
                .map(p -> p.getFileName().toString())
                .sort()
                .collectList()
                .block(TIMEOUT))
        .containsExactly("a", "top.log", "top.txt");
    assertThat(ReactiveFiles.list(dir, "*.log").collectList().block(TIMEOUT))
        .containsExactly(dir.resolve("top.log"));
  }

  @Test
  void walkingOrListingAFileOrAMissingPathFails() throws IOException {
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    StepVerifier.create(ReactiveFiles.walk(file))
        .expectError(NotDirectoryException.class)
        .verify(TIMEOUT);
    StepVerifier.create(ReactiveFiles.list(file))
        .expectError(NotDirectoryException.class)
        .verify(TIMEOUT);
    StepVerifier.create(ReactiveFiles.walk(dir.resolve("missing")))
        .expectError(NoSuchFileException.class)
        .verify(TIMEOUT);
  }

  @Test
  void readsAttributes() throws IOException {
    Path file = Files.writeString(dir.resolve("sized.txt"), "12345");
    StepVerifier.create(ReactiveFiles.attributes(file))
        .assertNext(
            attributes -> {
              assertThat(attributes.size()).isEqualTo(5);
              assertThat(attributes.isRegularFile()).isTrue();
            })
        .verifyComplete();
    StepVerifier.create(ReactiveFiles.attributes(dir.resolve("none")))
        .expectError(NoSuchFileException.class)
        .verify(TIMEOUT);
  }

  @Test
  void createsDirectoriesCopiesMovesAndDeletes() throws IOException {
    Path nested = dir.resolve("x/y/z");
    StepVerifier.create(ReactiveFiles.createDirectories(nested))
        .expectNext(nested)
        .verifyComplete();
    assertThat(nested).isDirectory();
    Path source = Files.writeString(nested.resolve("s.txt"), "payload");
    Path copy = dir.resolve("copy.txt");
    StepVerifier.create(ReactiveFiles.copy(source, copy)).expectNext(copy).verifyComplete();
    assertThat(copy).hasContent("payload");
    StepVerifier.create(ReactiveFiles.copy(source, copy))
        .expectError(FileAlreadyExistsException.class)
        .verify(TIMEOUT);
    Path moved = dir.resolve("moved.txt");
    StepVerifier.create(ReactiveFiles.move(copy, moved, StandardCopyOption.ATOMIC_MOVE))
        .expectNext(moved)
        .verifyComplete();
    assertThat(copy).doesNotExist();
    StepVerifier.create(ReactiveFiles.delete(moved)).verifyComplete();
    assertThat(moved).doesNotExist();
    StepVerifier.create(ReactiveFiles.delete(dir.resolve("x")))
        .expectError(DirectoryNotEmptyException.class)
        .verify(TIMEOUT);
    StepVerifier.create(ReactiveFiles.delete(moved))
        .expectError(NoSuchFileException.class)
        .verify(TIMEOUT);
  }

  @Test
  void deletesATreeRecursivelyWithoutFollowingLinks() throws IOException {
    layout();
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Files.createSymbolicLink(dir.resolve("a/link"), outside);
    StepVerifier.create(ReactiveFiles.deleteRecursively(dir.resolve("a")))
        .expectNext(6L) // a, a/b, a/b/c, deep.txt, mid.txt and the link itself
        .verifyComplete();
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).exists();
    StepVerifier.create(ReactiveFiles.deleteRecursively(dir.resolve("a")))
        .expectNext(0L)
        .verifyComplete();
  }

  @Test
  void createsTemporaryFilesAndDirectories() {
    Path file =
        ReactiveFiles.createTempFile(
                dir, "upload-", ".part", reactor.core.scheduler.Schedulers.boundedElastic())
            .block(TIMEOUT);
    assertThat(file).isRegularFile().hasParent(dir);
    assertThat(file.getFileName().toString()).startsWith("upload-").endsWith(".part");
    Path directory =
        ReactiveFiles.createTempDirectory(
                dir, "work-", reactor.core.scheduler.Schedulers.boundedElastic())
            .block(TIMEOUT);
    assertThat(directory).isDirectory().hasParent(dir);
  }

  @Test
  void rejectsInvalidWalkOptions() {
    assertThatThrownBy(() -> WalkOptions.defaults().withMaxDepth(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be >= 1, was 0");
    assertThatThrownBy(() -> WalkOptions.defaults().withGlob("{unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("glob");
  }

  @Test
  void attributesOfAWalkEntryAreThoseOfTheLinkItself() throws IOException {
    Path target = Files.writeString(dir.resolve("target.txt"), "t");
    Files.createSymbolicLink(dir.resolve("link"), target);
    List<FileEntry> entries = ReactiveFiles.walk(dir).collectList().block(TIMEOUT);
    BasicFileAttributes link =
        entries.stream()
            .filter(e -> e.path().endsWith("link"))
            .findFirst()
            .orElseThrow()
            .attributes();
    assertThat(link.isSymbolicLink()).isTrue();
  }
}
