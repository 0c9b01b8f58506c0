using Ember.Streaming.Receivers;

namespace Ember.Streaming.Tests.Receivers;

/// <summary>The contract for blocks kept in this process only.</summary>
public sealed class InMemoryBlockHandlerTests : ReceivedBlockHandlerContractTests
{
    private protected override IReceivedBlockHandler<string> Handler => InMemoryBlockHandler<string>.Instance;

    private protected override bool OutlivesTheProcess => false;

    private protected override IReadOnlyDictionary<long, Block<string>> ReadBackAfterRestart() => new Dictionary<long, Block<string>>();
}
