package vn.loa.hal.json;

import java.util.List;

/**
 * A configuration file (config, board profile, provisioning data, manifest) that cannot be used. The message
 * lists every problem, one per line, each naming the file, the JSON path and the reason; callers add what the
 * device does next ("amplifiers stay off").
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
