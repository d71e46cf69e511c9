package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing of one answer out of the bytes received so far: whole, partial, chunked, several in a row. */
class HttpAnswersTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFixedLengthAnswerIsWholeOnlyWithItsLastByte() throws IOException {
        byte[] answer = bytes("HTTP/1.1 202 \r\nContent-Type: application/json\r\ncontent-length: 24\r\n\r\n"
                + "{\"reservationId\":\"4242\"}");

        for (int cut = 0; cut < answer.length; cut++) {
            assertThat(HttpAnswers.parse(answer, 0, cut)).as("cut at %d", cut).isNull();
        }
        HttpAnswers.Parsed whole = HttpAnswers.parse(answer, 0, answer.length);
        assertThat(whole.status()).isEqualTo(202);
        assertThat(whole.consumed()).isEqualTo(answer.length);
        assertThat(whole.answer().json().path("reservationId").asString()).isEqualTo("4242");
        assertThat(whole.close()).isFalse();
    }

    @Test
    void chunkedAnswersAreJoinedAndTheNextAnswerStartsWhereTheFirstEnded() throws IOException {
        String first = "HTTP/1.1 410 \r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "a\r\n{\"code\":\"S\r\n9;ext=1\r\nOLD_OUT\"}\r\n0\r\n\r\n";
        String second = "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\n{}";
        byte[] both = bytes(first + second);

        assertThat(HttpAnswers.parse(both, 0, first.length() - 1)).isNull();
        HttpAnswers.Parsed parsed = HttpAnswers.parse(both, 0, both.length);
        assertThat(parsed.status()).isEqualTo(410);
        assertThat(parsed.body()).isEqualTo("{\"code\":\"SOLD_OUT\"}");
        assertThat(parsed.answer().problemCode()).isEqualTo("SOLD_OUT");
        assertThat(parsed.close()).isTrue();
        assertThat(parsed.consumed()).isEqualTo(first.length());

        HttpAnswers.Parsed next = HttpAnswers.parse(both, parsed.consumed(), both.length);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{}");
    }

    @Test
    void anAnswerWithoutBodyAndABodyInUtf8() throws IOException {
        HttpAnswers.Parsed empty = HttpAnswers.parse(bytes("HTTP/1.1 204 \r\n\r\n"), 0, 17);
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();

        byte[] chinese = bytes("HTTP/1.1 200 \r\nContent-Length: 9\r\n\r\n秒杀杯");
        assertThat(HttpAnswers.parse(chinese, 0, chinese.length).body()).isEqualTo("秒杀杯");
    }

    @Test
    void somethingElseThanHttpIsAnError() {
        byte[] garbage = bytes("SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> HttpAnswers.parse(garbage, 0, garbage.length)).isInstanceOf(IOException.class);
    }

    @Test
    void requestsCarryTheTokenAndAJsonBodyWithItsLength() {
        String post = new String(HttpAnswers.request("POST", "/a/b", "127.0.0.1:8100", "tok", "{\"q\":\"秒\"}"),
                StandardCharsets.UTF_8);
        assertThat(post).startsWith("POST /a/b HTTP/1.1\r\nHost: 127.0.0.1:8100\r\n")
                .contains("Authorization: Bearer tok\r\n", "Content-Type: application/json\r\n", "Content-Length: 11\r\n")
                .endsWith("\r\n\r\n{\"q\":\"秒\"}");
        String get = new String(HttpAnswers.request("GET", "/c", "h:1", null, null), StandardCharsets.UTF_8);
        assertThat(get).isEqualTo("GET /c HTTP/1.1\r\nHost: h:1\r\nAccept: application/json\r\n\r\n");
    }
}
