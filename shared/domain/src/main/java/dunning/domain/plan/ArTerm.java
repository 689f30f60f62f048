package dunning.domain.plan;

/** An AR term (DESIGN §1): due date = bill date + {@code netDays}; {@code plan} is the dunning plan that applies. */
public record ArTerm(String id, int netDays, String plan) {}
