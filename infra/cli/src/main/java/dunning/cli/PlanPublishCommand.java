package dunning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dunning plan publish FILE… [--templates DIR] [--terms FILE] [--apply-to-open-episodes]}:
 * checks the plans, the AR terms and the templates, then writes them to the stack: every publish of
 * new content is a new immutable version of its plan; content the current version has is not.
 * Nothing is written when anything has a problem (exit 1).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Check plans, AR terms and templates, then publish them to a stack as new versions.")
final class PlanPublishCommand extends TableCommand {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "plan YAML files (a directory: its *.yaml)")
    List<Path> files = List.of();

    @Option(names = "--templates", paramLabel = "DIR", description = "the user's templates (DIR/LANG/NAME.notice), added to the stack's")
    Path templates;

    @Option(names = "--terms", paramLabel = "FILE", description = "AR terms: arTerms: [ { id, netDays, plan } ]")
    Path terms;

    @Option(names = "--apply-to-open-episodes",
            description = "open episodes move to the new versions (fired levels matched by name never fire again; the path is kept)")
    boolean applyToOpenEpisodes;

    @Override
    Integer run(PrintWriter out, PrintWriter err) {
        if (files.isEmpty() && terms == null && templates == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing to publish: give plan files, --terms or --templates");
        }
        return super.run(out, err);
    }

    @Override
    StackBridge.Answer answer(StackBridge bridge) {
        return bridge.publish(ScenarioFiles.expand(files), Optional.ofNullable(terms), Optional.ofNullable(templates), applyToOpenEpisodes);
    }
}
