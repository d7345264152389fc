package vn.loa.agent.diagnose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * A JSON file the receiver needs (config, board profile) is present, readable and valid. What "valid" means
 * beyond "a JSON object" is the validator's business: it reads the tree with {@link JsonNode} and returns the
 * problems (each naming its JSON path), so the same rules as at start-up apply.
 */
public final class ConfigCheck implements Check {

    private final String name;
    private final Path file;
    private final Function<JsonNode, List<String>> validator;
    private final String remedyWhenMissing;

    /**
     * @param name the report's word, e.g. {@code config} or {@code board}
     * @param validator returns every problem of a parsed file, empty when it is good
     * @param remedyWhenMissing what to do when the file does not exist (e.g. "provision the receiver again")
     */
    public ConfigCheck(String name, Path file, Function<JsonNode, List<String>> validator, String remedyWhenMissing) {
        this.name = name;
        this.file = file;
        this.validator = validator;
        this.remedyWhenMissing = remedyWhenMissing;
    }

    /** Only checks that {@code file} holds a JSON object. */
    public static Function<JsonNode, List<String>> anyObject() {
        return n -> n.isObject() ? List.of() : List.of(n.problems().source() + ": must be a JSON object");
    }

    @Override public String name() {
        return name;
    }

    @Override public CheckResult run() {
        if (!Files.exists(file)) {
            return CheckResult.fail(file + " not found", "the receiver was never provisioned or the file was deleted",
                    remedyWhenMissing);
        }
        if (!Files.isReadable(file)) {
            return CheckResult.fail(file + " cannot be read", "wrong owner or permissions",
                    "make it readable by the loa user ('chown loa " + file + "')");
        }
        List<String> problems;
        try {
            problems = validator.apply(JsonNode.read(file));
        } catch (ConfigException e) {
            problems = e.problems();
        }
        if (problems.isEmpty()) return CheckResult.pass(file + " is valid");
        String first = problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        return CheckResult.fail(first, "the file was edited by hand or written for another version",
                "fix the value named above (or provision again); the receiver keeps amplifiers off until it is valid");
    }
}
