package dunning.bench.coldstart;

/** The baseline: a JVM that starts, prints one line and exits, under the same flags as a function. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
