package org.entryguard.regulator.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes a {@code console.users[].passwordHash} for the service's configuration: reads the password without echo
 * from the terminal (or one line from standard input when piped) and prints only the hash.
 * {@code java -jar entryguard.jar regulator hash-password}, or without the command line
 * {@code java -cp regulator.jar org.entryguard.regulator.console.HashPassword}.
 */
public final class HashPassword {
    private HashPassword() {
    }

    /**
     * Reads a password and prints its hash; exits 2 when it is shorter than 8 characters.
     *
     * @param args none
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        int status = run(System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Reads a password (from the terminal without echo when there is one, else one line of {@code stdin}) and prints
     * its hash to {@code out}.
     *
     * @return 0 when a hash was printed, 2 when the password is shorter than 8 characters (nothing printed)
     * @throws IOException when {@code stdin} cannot be read
     */
    public static int run(InputStream stdin, PrintStream out, PrintStream err) throws IOException {
        return run(System.console(), new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out, err);
    }

    static int run(Console terminal, BufferedReader piped, PrintStream out, PrintStream err) throws IOException {
        char[] password;
        if (terminal != null) {
            password = terminal.readPassword("console password (not echoed): ");
        } else {
            String line = piped.readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length < 8) {
            err.println("a console password needs at least 8 characters; nothing printed");
            return 2;
        }
        try {
            out.println(Passwords.hash(password, Passwords.DEFAULT_ITERATIONS));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
