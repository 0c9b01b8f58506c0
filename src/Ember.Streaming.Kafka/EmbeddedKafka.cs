using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>
/// A Kafka cluster inside the process, for tests, examples and demos: librdkafka's mock cluster
/// (<c>test.mock.num.brokers</c>), reachable by any Kafka client at <see cref="BootstrapServers"/> while this object
/// lives. Topics are created on first use with 4 partitions (or ahead with <see cref="CreateTopicAsync"/>).
/// </summary>
/// <remarks>
/// The mock cluster keeps everything in memory and is not a full broker: no persistence, no security, no
/// replication across processes. It lives as long as the client handle that created it; disposing stops it.
/// </remarks>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    private readonly IProducer<byte[], byte[]> owner;
    private readonly IAdminClient admin;
    private readonly Lazy<IntPtr> cluster;

    private EmbeddedKafka(IProducer<byte[], byte[]> owner, IAdminClient admin, string bootstrapServers, int brokers)
    {
        this.owner = owner;
        this.admin = admin;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
        cluster = new Lazy<IntPtr>(() => MockClusterNative.ClusterOf(owner.Handle));
    }

    /// <summary>The brokers' addresses, <c>host:port</c> separated by commas: the <c>bootstrap.servers</c> of clients.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has.</summary>
    public int Brokers { get; }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers and returns once its addresses are known.</summary>
    /// <param name="brokers">How many brokers; at least 1.</param>
    /// <param name="cancellationToken">Cancels the wait for the cluster's metadata.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is below 1.</exception>
    /// <exception cref="KafkaException">The cluster did not report its brokers.</exception>
    public static Task<EmbeddedKafka> StartAsync(int brokers = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        // Reading the metadata blocks on librdkafka; it runs on its own thread, not faked as async.
        return Task.Factory.StartNew(() =>
        {
            var config = new ProducerConfig
            {
                // The bootstrap address is ignored once the mock cluster is on; librdkafka still requires one.
                BootstrapServers = "localhost:9092",
            };
            config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var owner = new ProducerBuilder<byte[], byte[]>(config).Build();
            try
            {
                var admin = new DependentAdminClientBuilder(owner.Handle).Build();
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
                    if (metadata.Brokers.Count >= brokers)
                    {
                        var servers = string.Join(',', metadata.Brokers.OrderBy(broker => broker.BrokerId).Select(broker => $"{broker.Host}:{broker.Port}"));
                        return new EmbeddedKafka(owner, admin, servers, brokers);
                    }
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"The mock cluster reported {metadata.Brokers.Count} of {brokers} brokers within 30 s."));
                    }
                    Thread.Sleep(50);
                }
            }
            catch
            {
                owner.Dispose();
                throw;
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Makes sure <paramref name="topic"/> exists, creating it with <paramref name="partitions"/> partitions if not,
    /// without writing to it, and returns once clients can see it. A topic that already exists is left as it is.
    /// </summary>
    /// <param name="topic">The topic's name.</param>
    /// <param name="partitions">How many partitions a new topic gets; 4 (the mock cluster's default) unless given.</param>
    /// <param name="timeout">How long to wait for the topic to show in the metadata; 10 s by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is below 1.</exception>
    /// <exception cref="KafkaException">The topic did not appear within <paramref name="timeout"/>.</exception>
    public Task CreateTopicAsync(string topic, int partitions = 4, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        return Task.Factory.StartNew(() =>
        {
            var error = MockClusterNative.rd_kafka_mock_topic_create(cluster.Value, topic, partitions, 1);
            if (error != (int)ErrorCode.TopicAlreadyExists)
            {
                MockClusterNative.Check(error, $"Creating topic '{topic}'");
            }
            var deadline = DateTime.UtcNow + wait;
            while (true)
            {
                var found = admin.GetMetadata(topic, wait).Topics.FirstOrDefault(t => t.Topic == topic);
                if (found is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
                {
                    return;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"Topic '{topic}' was not created within {wait}."));
                }
                Thread.Sleep(20);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Takes broker <paramref name="brokerId"/> (1 to <see cref="Brokers"/>) down: its connections are closed and new
    /// ones refused until <see cref="SetBrokerUp"/>, as when a broker process dies. For demos and tests of failures.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokerId"/> is not a broker of this cluster.</exception>
    public void SetBrokerDown(int brokerId) =>
        MockClusterNative.Check(MockClusterNative.rd_kafka_mock_broker_set_down(cluster.Value, CheckBroker(brokerId)), $"Taking broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back after <see cref="SetBrokerDown"/>; clients reconnect by themselves.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokerId"/> is not a broker of this cluster.</exception>
    public void SetBrokerUp(int brokerId) =>
        MockClusterNative.Check(MockClusterNative.rd_kafka_mock_broker_set_up(cluster.Value, CheckBroker(brokerId)), $"Bringing broker {brokerId} up");

    private int CheckBroker(int brokerId) => brokerId >= 1 && brokerId <= Brokers ? brokerId
        : throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"The embedded cluster's brokers are 1 to {Brokers}.");

    /// <summary>Stops the cluster; clients still connected see their brokers go down.</summary>
    public ValueTask DisposeAsync()
    {
        admin.Dispose();
        owner.Dispose();
        return ValueTask.CompletedTask;
    }
}
