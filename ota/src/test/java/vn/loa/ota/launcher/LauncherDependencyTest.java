package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher must run when everything else is broken: it compiles alone, against the JDK and nothing else. */
class LauncherDependencyTest {

    @TempDir Path out;

    @Test
    void the_launcher_package_compiles_with_only_the_jdk() throws Exception {
        Path src = Path.of("src/main/java/vn/loa/ota/launcher");
        List<Path> files;
        try (Stream<Path> s = Files.list(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(errors, fm, null,
                    List.of("--release", "21", "-classpath", "", "-sourcepath", "", "-d", out.toString(), "-proc:none"),
                    null, fm.getJavaFileObjectsFromPaths(files)).call();
            assertThat(ok).as("javac on the launcher alone:%n%s", errors).isTrue();
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(p -> p.toString().endsWith(".class")).count()).isGreaterThan(5);
        }
    }
}
