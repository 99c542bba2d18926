package dev.switchboard.quota.ratelimit.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A grid answer that lands in the narrowest window there is: a stage made from this one (by {@code handle},
 * {@code thenApply}...) says "not done" the first time it is asked, and the answer lands right after that look, as
 * the grid's callback thread can make it land between two lines of the caller. A caller that looks twice sees
 * two different answers; one that looks once, or waits, sees one.
 */
final class AnswerAfterFirstLook<T> extends CompletableFuture<T> {

    private final T answer;

    AnswerAfterFirstLook(T answer) {
        this.answer = answer;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new Dependent<>(this);
    }

    private void land() {
        complete(answer);
    }

    private static final class Dependent<U> extends CompletableFuture<U> {

        private final AnswerAfterFirstLook<?> source;
        private boolean looked;

        Dependent(AnswerAfterFirstLook<?> source) {
            this.source = source;
        }

        @Override
        public boolean isDone() {
            boolean done = super.isDone();
            if (!looked) {
                looked = true;
                source.land();
            }
            return done;
        }

        @Override
        public <V> CompletableFuture<V> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
