package dunning.aws.store;

/** What an action record asks for, and so which queue or publisher carries it out. */
public enum ActionKind {
    FEE, EMAIL, STATUS, EVENT, TASK, RETRY, APPROVAL
}
