package dunning.local.iam;

import dunning.local.LocalCloud;
import dunning.local.template.CfnValue;
import dunning.local.template.SamTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names what a function called on one local cloud as the deployed stack would: the local table name,
 * queue URL, bus name or sender address is traced back to the template resource the cloud made it
 * from (by logical id), and that resource's ARN in {@link StackArns} is the answer. Something the
 * template did not make keeps a name that no grant can match ({@code unknown table T} ...), so the
 * comparison reports it as called and not granted.
 */
final class CallTargets {
    private final StackArns arns;
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final Map<String, String> queues = new LinkedHashMap<>();
    private final Map<String, String> buses = new LinkedHashMap<>();
    private final String localSesIdentity;

    CallTargets(StackArns arns, LocalCloud cloud) {
        this.arns = arns;
        SamTemplate template = arns.template();
        template.tables().forEach(t -> tables.put(cloud.stack().tableName(t.logicalId()), t.logicalId()));
        template.queues().forEach(q -> queues.put(cloud.stack().queueUrl(q.logicalId()), q.logicalId()));
        template.eventBuses().forEach(b -> buses.put(b.name() == null ? cloud.stack().physicalName(b.logicalId())
                : cloud.stack().resolver().resolveString(b.name()), b.logicalId()));
        this.localSesIdentity = template.parameters().containsKey("SesIdentity")
                ? cloud.stack().resolver().resolveString(new CfnValue.Ref("SesIdentity")) : null;
    }

    /** The ARN of what {@code target} names on this cloud. */
    String arnOf(IamActions.Target target) {
        if (target instanceof IamActions.Target.Table t) {
            String id = tables.get(t.name());
            return id == null ? "unknown table " + t.name() : arns.tableArn(id);
        }
        if (target instanceof IamActions.Target.Index i) {
            String id = tables.get(i.table());
            return id == null ? "unknown table " + i.table() + " index " + i.index() : arns.indexArn(id, i.index());
        }
        if (target instanceof IamActions.Target.Queue q) {
            String id = queues.get(q.url());
            return id == null ? "unknown queue " + q.url() : arns.queueArn(id);
        }
        if (target instanceof IamActions.Target.Bus b) {
            String name = b.nameOrArn().startsWith("arn:") ? b.nameOrArn().substring(b.nameOrArn().indexOf("event-bus/") + 10)
                    : b.nameOrArn();
            if (name.equals("default")) {
                return arns.busArn("default");
            }
            String id = buses.get(name);
            return id == null ? "unknown event bus " + name : arns.busArn(arns.busName(id));
        }
        if (target instanceof IamActions.Target.SesIdentity s) {
            return arns.sesIdentityArn(sesIdentity(s));
        }
        if (target instanceof IamActions.Target.SesConfigurationSet c) {
            return arns.sesConfigurationSetArn(c.name());
        }
        if (target instanceof IamActions.Target.SesContactList c) {
            return arns.sesContactListArn(c.name());
        }
        IamActions.Target.Unmapped u = (IamActions.Target.Unmapped) target;
        return "unmapped " + u.service() + " " + u.operation();
    }

    /**
     * The identity SES authorizes a send on: the one in the request's FromEmailAddressIdentityArn,
     * else the verified identity the From address belongs to: the address itself when it is the
     * identity, else its domain. The local cloud verifies the SesIdentity parameter's value, which is
     * the deployed stack's SesIdentity: the deployed name is the parameter's default.
     */
    private String sesIdentity(IamActions.Target.SesIdentity s) {
        if (s.identityArn() != null) {
            return s.identityArn().substring(s.identityArn().indexOf("identity/") + 9);
        }
        String from = s.fromAddress() == null ? "" : s.fromAddress().trim();
        int lt = from.lastIndexOf('<');
        if (lt >= 0 && from.endsWith(">")) {
            from = from.substring(lt + 1, from.length() - 1); // "Billing <billing@example.com>"
        }
        String domain = from.substring(from.indexOf('@') + 1);
        boolean ours = localSesIdentity != null && (localSesIdentity.equalsIgnoreCase(from) || localSesIdentity.equalsIgnoreCase(domain));
        return ours ? arns.sesIdentity().orElseThrow() : domain;
    }
}
