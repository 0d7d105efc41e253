package dev.llmkit.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.store.BudgetWindow;
import dev.llmkit.api.store.InMemoryBudgetStore;
import dev.llmkit.routing.budget.Budget;
import dev.llmkit.routing.budget.Budgets;
import dev.llmkit.routing.router.Router;
import dev.llmkit.testing.FakeChatModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A model that throws from {@code stream()} still ends the caller's stream with one onError, through any decorator. */
class ForwardingTest {

    /** Breaks the contract: throws instead of reporting through the handler. */
    private static final class Throwing implements ChatModel {
        @Override
        public ChatResponse chat(ChatRequest request) {
            throw new IllegalStateException("bug");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            throw new IllegalStateException("bug in stream");
        }
    }

    private static List<String> run(ChatModel model) {
        List<String> seen = new CopyOnWriteArrayList<>();
        model.stream(ChatRequest.builder().user("hi").tenant("t").build(), new StreamHandler() {
            @Override
            public void onStart(StreamHandle handle) {
                seen.add("start");
            }

            @Override
            public void onToken(String token) {
                seen.add("token");
            }

            @Override
            public void onComplete(ChatResponse response) {
                seen.add("complete");
            }

            @Override
            public void onError(LlmException error) {
                seen.add("error:" + error.getMessage());
            }
        });
        return seen;
    }

    @Test
    void theRouterTurnsAThrowingRouteIntoOneError() {
        Router router = Router.builder().route("r", new Throwing()).otherwise("r").build();

        List<String> seen = run(router);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("start");
        assertThat(seen.get(1)).startsWith("error:").contains("threw java.lang.IllegalStateException");
    }

    @Test
    void budgetsGiveTheReservationBackWhenTheDelegateThrows() {
        InMemoryBudgetStore store = new InMemoryBudgetStore();
        Budgets budgets = Budgets.builder(new Throwing()).store(store)
                .budget(Budget.tokens(Budget.Scope.TENANT, BudgetWindow.HOUR, 1_000_000)).build();

        List<String> seen = run(budgets);

        assertThat(seen).hasSize(2).first().isEqualTo("start");
        assertThat(store.spent("llmkit:budget:tenant:t:tokens:3600000", BudgetWindow.HOUR)).isZero();
    }

    @Test
    void aDuplicateTerminalFromABrokenModelReachesTheCallerOnce() {
        ChatModel twice = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return ChatResponse.builder().text("ok").usage(Usage.of(1, 1)).build();
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                handler.onStart(StreamHandle.ended());
                handler.onComplete(chat(request));
                handler.onComplete(chat(request));
                return StreamHandle.ended();
            }
        };

        assertThat(run(Router.builder().route("r", twice).otherwise("r").build())).containsExactly("start", "complete");
        assertThat(run(Router.builder().route("r", FakeChatModel.always("x")).otherwise("r").build()))
                .containsExactly("start", "token", "complete");
    }
}
