package dunning.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dunning.domain.notice.UserTemplates;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dunning plan validate FILE… [--templates DIR]}: every problem of every file (and of the
 * templates) as
 * {@code FILE: FIELD-PATH: CAUSE}, or {@code FILE: OK}; exit 1 when any file has a problem.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate plan files; print every problem with its file, field path and cause.")
final class PlanValidateCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "plan YAML files (a directory: its *.yaml)")
    List<Path> files;

    @CommandLine.Option(names = "--templates", paramLabel = "DIR",
            description = "the user's templates (DIR/LANG/NAME.notice, docs/notices.md): checked, and their names accepted")
    Path templates;

    @Override
    Integer run(PrintWriter out, PrintWriter err) {
        boolean failed = false;
        UserTemplates own = UserTemplates.none();
        if (templates != null) {
            UserTemplates.Read read = DomainBridge.templates(templates);
            if (read.templates().isEmpty()) {
                read.problems().forEach(out::println);
                failed = true;
            } else {
                own = read.templates().get();
                out.println(templates + ": OK (" + own.names().size() + " template(s))");
            }
        }
        try {
            for (Path file : ScenarioFiles.expand(files)) {
                if (!Files.isRegularFile(file)) {
                    out.println(file + ": cannot read: no such file");
                    failed = true;
                    continue;
                }
                List<String> problems = templates == null ? DomainBridge.validatePlan(file)
                        : DomainBridge.validatePlan(file, own, templates);
                if (problems.isEmpty()) {
                    out.println(file + ": OK");
                } else {
                    failed = true;
                    problems.forEach(out::println);
                }
            }
        } catch (NotAvailableException e) {
            out.flush();
            err.println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
        out.flush();
        return failed ? DunningCli.EXIT_FAILED : 0;
    }
}
