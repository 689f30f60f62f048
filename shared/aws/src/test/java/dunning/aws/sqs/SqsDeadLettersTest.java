package dunning.aws.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqsDeadLettersTest {
    @Test
    void a_reason_keeps_only_what_sqs_takes_in_a_message_attribute() {
        assertEquals("unknown account A\\u0001 \\uD800 tab\tnewline\n€ 😀", SqsDeadLetters.sqsText("unknown account A\u0001 \uD800 tab\tnewline\n€ 😀"));
        assertEquals("\\uFFFE", SqsDeadLetters.sqsText("\uFFFE"));
    }
}
