package it.c2du.cli.bench;

/**
 * The yardstick of issue 20's start-up and memory goals: a Java program that does nothing but
 * start, print a line and (given milliseconds) wait. {@code du bench} copies this class's bytes
 * out of the jar and runs it from that directory alone, so its JVM opens no jar and loads nothing
 * of du's: what is left is the JVM's own start-up and footprint. It must stay this small.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("hello, world");
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}
