package io.seckill.compensation.alert;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP (spring-boot-starter-mail: the server is {@code spring.mail.host}/{@code port}/credentials,
 * with 5 s timeouts in application.yml); recipients and sender come from the channel's setting.
 */
@Component
class EmailChannel implements AlertChannel {

    private final ObjectProvider<JavaMailSender> mail;

    EmailChannel(ObjectProvider<JavaMailSender> mail) {
        this.mail = mail;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public void send(Alert alert, ChannelSettings channel) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no SMTP server configured (spring.mail.host)");
        }
        if (channel.to() == null || channel.to().isEmpty()) {
            throw new IllegalStateException("the email channel has no recipients (to)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(channel.from() == null ? "seckill-alerts@localhost" : channel.from());
        message.setTo(channel.to().toArray(String[]::new));
        message.setSubject("[" + alert.severity() + "] " + alert.title());
        message.setText(alert.text() + "\n\nkey: " + alert.key());
        sender.send(message);
    }
}
