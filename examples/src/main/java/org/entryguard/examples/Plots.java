package org.entryguard.examples;

import org.entryguard.examples.evaluation.AgeEvaluation;
import org.entryguard.examples.evaluation.DecisionEvaluation;
import org.entryguard.examples.evaluation.LabelledResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small PNG charts drawn with Java2D (headless), so reports need no plotting library. */
final class Plots {
    private static final int W = 720;
    private static final int H = 640;
    private static final int L = 70;
    private static final int R = 30;
    private static final int T = 50;
    private static final int B = 60;

    private Plots() {
    }

    /** True age (x) against estimated age (y), the ideal diagonal and the challenge-age line. */
    static void scatter(AgeEvaluation eval, int challengeAge, Path file) throws IOException {
        double max = 80;
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        axes(g, "true age (years)", "estimated age (years)", 0, max, 0, max, 10, 10);
        g.setColor(new Color(150, 150, 150));
        line(g, 0, 0, max, max, 0, max, 0, max);
        g.setColor(new Color(200, 60, 60));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        line(g, 0, challengeAge, max, challengeAge, 0, max, 0, max);
        g.setStroke(new BasicStroke(1f));
        for (LabelledResult r : eval.results()) {
            if (!r.found()) {
                continue;
            }
            boolean minor = r.trueAge() < 18;
            g.setColor(minor ? new Color(220, 120, 0, 160) : new Color(40, 90, 200, 140));
            int x = px(Math.min(r.trueAge(), max), 0, max);
            int y = py(Math.min(r.estimatedAge(), max), 0, max);
            g.fillOval(x - 3, y - 3, 6, 6);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format("Estimated vs true age: %d faces found, %d missed; MAE %.2f y", eval.n() - eval.missed(),
                eval.missed(), eval.mae(new org.entryguard.examples.evaluation.AgeBand("all", 0, 200))), L, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(220, 120, 0));
        g.drawString("● under 18", W - R - 200, T + 20);
        g.setColor(new Color(40, 90, 200));
        g.drawString("● 18 and over", W - R - 200, T + 36);
        g.setColor(new Color(200, 60, 60));
        g.drawString("- - challenge age " + challengeAge, W - R - 200, T + 52);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /**
     * The operating curves: share of 13–17 stopped (y) against share of 30+ passed (x), once over the adult
     * P(minor) threshold of the venue rules (blue, the default threshold marked red) and once over a plain
     * challenge age on the reported age (grey, the challenge age marked). The target corner (≥ 99.5 % stopped,
     * ≥ 85 % passed) is shaded.
     */
    static void curve(List<AgeEvaluation.CurvePoint> points, int challengeAge, List<DecisionEvaluation.Point> pminor,
                      double defaultThreshold, String half, Path file) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        double x0 = 0.5;
        double y0 = 0.8;
        axes(g, "share of ages 30+ let through", "share of ages 13-17 stopped", x0, 1.0, y0, 1.0, 0.05, 0.02);
        g.setColor(new Color(200, 240, 200));
        g.fillRect(px(0.85, x0, 1.0), py(1.0, y0, 1.0), px(1.0, x0, 1.0) - px(0.85, x0, 1.0), py(0.995, y0, 1.0) - py(1.0, y0, 1.0));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // challenge-age curve (grey)
        g.setColor(new Color(150, 150, 150));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (int i = 1; i < points.size(); i++) {
            var a = points.get(i - 1);
            var b = points.get(i);
            if (valid(a) && valid(b)) {
                line(g, clamp(a.adultsPassed(), x0, 1), clamp(a.minorsStopped(), y0, 1), clamp(b.adultsPassed(), x0, 1),
                        clamp(b.minorsStopped(), y0, 1), x0, 1.0, y0, 1.0);
            }
        }
        g.setStroke(new BasicStroke(1f));
        for (var p : points) {
            if (!valid(p)) {
                continue;
            }
            int x = px(clamp(p.adultsPassed(), x0, 1), x0, 1.0);
            int y = py(clamp(p.minorsStopped(), y0, 1), y0, 1.0);
            boolean chosen = p.challengeAge() == challengeAge;
            g.setColor(chosen ? new Color(90, 90, 90) : new Color(150, 150, 150));
            int r = chosen ? 5 : 2;
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
            g.drawString(Integer.toString(p.challengeAge()), x + 5, y + 14);
        }
        // P(minor) curve (blue)
        g.setColor(new Color(40, 90, 200));
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < pminor.size(); i++) {
            var a = pminor.get(i - 1);
            var b = pminor.get(i);
            if (valid(a) && valid(b)) {
                line(g, clamp(a.adultsPassed(), x0, 1), clamp(a.minorsStopped(), y0, 1), clamp(b.adultsPassed(), x0, 1),
                        clamp(b.minorsStopped(), y0, 1), x0, 1.0, y0, 1.0);
            }
        }
        for (var p : pminor) {
            if (!valid(p)) {
                continue;
            }
            int x = px(clamp(p.adultsPassed(), x0, 1), x0, 1.0);
            int y = py(clamp(p.minorsStopped(), y0, 1), y0, 1.0);
            boolean chosen = Math.abs(p.adultMaxMinorProbability() - defaultThreshold) < 1e-9;
            g.setColor(chosen ? new Color(200, 40, 40) : new Color(40, 90, 200));
            int r = chosen ? 6 : 3;
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
            g.drawString(String.format("%.1f%%", 100 * p.adultMaxMinorProbability()), x + 6, y - 6);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Operating curves (" + half + " photos)", L, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(40, 90, 200));
        g.drawString("● adult if P(minor) ≤ threshold (red: default " + String.format("%.1f%%", 100 * defaultThreshold) + ")", L, 40);
        g.setColor(new Color(120, 120, 120));
        g.drawString("- - challenge age on the reported age (dark: " + challengeAge + ")", L + 330, 40);
        g.setColor(new Color(60, 140, 60));
        g.drawString("target: ≥ 99.5 % stopped, ≥ 85 % passed", W - R - 250, H - B - 8);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static boolean valid(DecisionEvaluation.Point p) {
        return !Double.isNaN(p.adultsPassed()) && !Double.isNaN(p.minorsStopped());
    }

    private static boolean valid(AgeEvaluation.CurvePoint p) {
        return !Double.isNaN(p.adultsPassed()) && !Double.isNaN(p.minorsStopped());
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static BufferedImage canvas() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static void axes(Graphics2D g, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax,
                             double xStep, double yStep) {
        g.setColor(Color.BLACK);
        g.drawRect(L, T, W - L - R, H - T - B);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double v = xMin; v <= xMax + 1e-9; v += xStep) {
            int x = px(v, xMin, xMax);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, T + 1, x, H - B - 1);
            g.setColor(Color.BLACK);
            g.drawString(fmt(v), x - 10, H - B + 16);
        }
        for (double v = yMin; v <= yMax + 1e-9; v += yStep) {
            int y = py(v, yMin, yMax);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(L + 1, y, W - R - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(fmt(v), L - 40, y + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xLabel, L + (W - L - R) / 2 - 80, H - 18);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(T + (H - T - B) / 2 + 80), 18);
        r.dispose();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.2f", v);
    }

    private static void line(Graphics2D g, double xa, double ya, double xb, double yb, double x0, double x1, double y0, double y1) {
        g.drawLine(px(xa, x0, x1), py(ya, y0, y1), px(xb, x0, x1), py(yb, y0, y1));
    }

    private static int px(double v, double min, double max) {
        return L + (int) Math.round((v - min) / (max - min) * (W - L - R));
    }

    private static int py(double v, double min, double max) {
        return H - B - (int) Math.round((v - min) / (max - min) * (H - T - B));
    }
}
