package io.seckill.seckillapi.antibot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;

/**
 * Draws a digit captcha as a PNG data URL. The digits come from a built-in 5×7 bitmap font drawn as jittered
 * blocks, not from a system font: a server with no fonts installed (a slim container, a fresh VM) must still
 * produce captchas.
 */
final class CaptchaImage {

    private static final String[] DIGITS = {
            "01110100011001110101110011000101110", "00100011000010000100001000010001110",
            "01110100010000100010001000100011111", "11111000100010000010000011000101110",
            "00010001100101010010111110001000010", "11111100001111000001000011000101110",
            "00110010001000011110100011000101110", "11111000010001000100010000100001000",
            "01110100011000101110100011000101110", "01110100011000101111000010001001100"};
    private static final int WIDTH = 150;
    private static final int HEIGHT = 50;
    private static final int SCALE = 4;

    static {
        // ImageIO's default stream cache is a temporary file per image written; a captcha is a few kB in memory.
        ImageIO.setUseCache(false);
    }

    private CaptchaImage() {
    }

    static String dataUrl(String digits, RandomGenerator random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(245, 245, 240));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(120, 220), random.nextInt(120, 220), random.nextInt(120, 220)));
                g.drawLine(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
            int x = 8;
            for (char c : digits.toCharArray()) {
                drawDigit(g, DIGITS[c - '0'], x + random.nextInt(-2, 3), 6 + random.nextInt(-4, 5), random);
                x += 5 * SCALE + 7;
            }
            for (int i = 0; i < 120; i++) {
                image.setRGB(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(0xFFFFFF));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(4096);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static void drawDigit(Graphics2D g, String bits, int x, int y, RandomGenerator random) {
        g.setColor(new Color(random.nextInt(0, 90), random.nextInt(0, 90), random.nextInt(60, 140)));
        for (int row = 0; row < 7; row++) {
            int shift = random.nextInt(-1, 2);
            for (int col = 0; col < 5; col++) {
                if (bits.charAt(row * 5 + col) == '1') {
                    g.fillRect(x + col * SCALE + shift, y + row * SCALE, SCALE, SCALE);
                }
            }
        }
    }
}
