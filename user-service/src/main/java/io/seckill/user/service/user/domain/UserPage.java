package io.seckill.user.service.user.domain;

import java.util.List;

public record UserPage(List<UserAccount> users, int page, int size, long total) {

    public UserPage {
        users = List.copyOf(users);
    }
}
