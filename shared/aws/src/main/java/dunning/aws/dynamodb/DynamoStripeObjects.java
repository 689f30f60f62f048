package dunning.aws.dynamodb;

import dunning.aws.store.StripeObjects;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * STRIPE#&lt;ch_… or pi_…&gt; / ITEM: the invoice a Stripe payment paid ({@code accountId}, {@code invoiceId})
 * and its decline code ({@code declineCode}), each set by its own UpdateItem, so the facts of two events
 * about one charge never overwrite each other. A link, once set, is never moved to another invoice.
 */
@Singleton
public final class DynamoStripeObjects implements StripeObjects {
    static final String DECLINE_CODE = "declineCode";

    private final DynamoTable table;

    @Inject
    public DynamoStripeObjects(DynamoTable table) {
        this.table = table;
    }

    @Override
    public void link(String chargeOrIntent, Link link) {
        // linked to an invoice already (false): the first link stands, a payment pays one invoice
        table.updateIf(Keys.stripeObject(chargeOrIntent), Keys.SK_ITEM, b -> b
                .updateExpression("SET #a = :a, #i = :i")
                .conditionExpression("attribute_not_exists(#i) OR (#a = :a AND #i = :i)")
                .expressionAttributeNames(Map.of("#a", AccountItems.ACCOUNT_ID, "#i", AccountItems.INVOICE_ID))
                .expressionAttributeValues(Map.of(":a", Attr.s(link.accountId()), ":i", Attr.s(link.invoiceId()))));
    }

    @Override
    public Optional<Link> link(String chargeOrIntent) {
        return item(chargeOrIntent).filter(i -> i.containsKey(AccountItems.INVOICE_ID))
                .map(i -> new Link(Attr.str(i, AccountItems.ACCOUNT_ID), Attr.str(i, AccountItems.INVOICE_ID)));
    }

    @Override
    public void decline(String chargeOrIntent, String declineCode) {
        table.client().updateItem(b -> b.tableName(table.name()).key(Attr.key(Keys.stripeObject(chargeOrIntent), Keys.SK_ITEM))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", DECLINE_CODE))
                .expressionAttributeValues(Map.of(":d", Attr.s(declineCode))));
    }

    @Override
    public Optional<String> decline(String chargeOrIntent) {
        return item(chargeOrIntent).flatMap(i -> Attr.optStr(i, DECLINE_CODE));
    }

    private Optional<Map<String, AttributeValue>> item(String id) {
        return table.get(Keys.stripeObject(id), Keys.SK_ITEM);
    }
}
