package it.c2du.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the du command: exit status, stdout, stderr. */
record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DuCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(status, out.toString(), err.toString());
    }
}
