using System.Runtime.Serialization;
using Ember.Cluster.Control;

namespace Ember.Cluster.Tests.Control;

public sealed class ControlMessageSerializerTests
{
    // object, since xunit's public theory methods cannot name the internal message interface.
    public static TheoryData<object> Messages() =>
    [
        new RegisteredExecutor(),
        new RegistrationRefused("executor 2 runs a different build of Ember.Core.dll"),
        new LaunchTask(long.MaxValue, 1, 2, 3, 4, 5, 6, new StageBinaryReference("127.0.0.1", 4040, 2)),
        new KillTask(17),
        new StopExecutor(),
        new RemoveShuffle(9),
        new RemoveRdd(11),
        new Ping(-3),
        new Pong(3, "exec-é"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_OfEncode_GivesAnEqualMessage(object message)
    {
        var manifest = ControlMessageSerializer.ManifestOf(message);
        Assert.Equal(message, ControlMessageSerializer.Decode(ControlMessageSerializer.Encode((IControlMessage)message), manifest));
    }

    [Fact]
    public void Decode_OfEncode_KeepsTheTaskAndDriverMessagesPayloads()
    {
        byte[] payload = [0, 1, 2, 255, 128];

        var task = (TaskMessage)ControlMessageSerializer.Decode(ControlMessageSerializer.Encode(new TaskMessage(payload)), "TM");
        var driver = (DriverMessage)ControlMessageSerializer.Decode(ControlMessageSerializer.Encode(new DriverMessage(payload)), "DM");

        Assert.Equal(payload, task.Payload);
        Assert.Equal(payload, driver.Payload);
    }

    [Fact]
    public void Decode_OfEncode_KeepsRegistrationFingerprints()
    {
        var message = new RegisterExecutor("7", "127.0.0.1", 7077, 4, "abc",
            [new AssemblyFingerprint("Ember.Core.dll", Guid.NewGuid()), new AssemblyFingerprint("App.dll", Guid.NewGuid())]);
        var decoded = (RegisterExecutor)ControlMessageSerializer.Decode(ControlMessageSerializer.Encode(message), "RE");
        Assert.Equal((message.ExecutorId, message.Host, message.BlockPort, message.Cores, message.BuildDigest),
            (decoded.ExecutorId, decoded.Host, decoded.BlockPort, decoded.Cores, decoded.BuildDigest));
        Assert.Equal(message.Assemblies, decoded.Assemblies);
    }

    [Fact]
    public void Decode_OfEncode_KeepsEveryStatusField()
    {
        var statuses = new[]
        {
            new StatusUpdate(1, TaskState.Finished, inlineResult: [1, 2, 3]) { ShuffleBytesRead = 123_456_789_012 },
            new StatusUpdate(2, TaskState.Finished, resultBlock: new ResultBlockReference("127.0.0.1", 5000, "taskresult_2", 1 << 20)),
            new StatusUpdate(3, TaskState.Failed, errorType: "System.InvalidOperationException", errorText: "boom"),
            new StatusUpdate(4, TaskState.FetchFailed, errorText: "no block", fetchFailure: new FetchFailure(1, 2, 3, "0")),
            new StatusUpdate(5, TaskState.Killed),
        };
        foreach (var status in statuses)
        {
            var decoded = (StatusUpdate)ControlMessageSerializer.Decode(ControlMessageSerializer.Encode(status), "TS");
            Assert.Equal((status.TaskId, status.State, status.ResultBlock, status.ErrorType, status.ErrorText, status.FetchFailure, status.ShuffleBytesRead),
                (decoded.TaskId, decoded.State, decoded.ResultBlock, decoded.ErrorType, decoded.ErrorText, decoded.FetchFailure, decoded.ShuffleBytesRead));
            Assert.Equal(status.InlineResult, decoded.InlineResult);
        }
    }

    [Fact]
    public void Encode_MessageOverTheFrameLimit_ThrowsNamingTheMessageAndItsSize()
    {
        var huge = new RegistrationRefused(new string('x', ClusterConfig.MaximumFrameSize));
        var error = Assert.Throws<ControlMessageTooLargeException>(() => ControlMessageSerializer.Encode(huge));
        Assert.Equal(nameof(RegistrationRefused), error.MessageType);
        Assert.True(error.Size > ControlMessageSerializer.MaxMessageBytes);
        Assert.Contains("was not sent", error.Message);
    }

    [Fact]
    public void StatusUpdate_InlineResultOverTheThreshold_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StatusUpdate(1, TaskState.Finished, inlineResult: new byte[StatusUpdate.MaxInlineResultBytes + 1]));

    [Fact]
    public void StatusUpdate_LongErrorText_IsCutToFitAControlMessage()
    {
        var status = new StatusUpdate(1, TaskState.Failed, errorText: new string('e', 1_000_000));
        Assert.True(status.ErrorText!.Length < StatusUpdate.MaxErrorChars + 10);
        Assert.True(ControlMessageSerializer.Encode(status).Length < ControlMessageSerializer.MaxMessageBytes);
    }

    [Fact]
    public void Decode_UnknownManifest_ThrowsSerializationException() =>
        Assert.Throws<SerializationException>(() => ControlMessageSerializer.Decode([], "System.Object, mscorlib"));

    [Fact]
    public void Decode_TruncatedOrPaddedInput_ThrowsSerializationException()
    {
        var bytes = ControlMessageSerializer.Encode(new LaunchTask(1, 2, 3, 4, 5, 6, 7, new StageBinaryReference("h", 1, 3)));
        Assert.Throws<SerializationException>(() => ControlMessageSerializer.Decode(bytes[..^2], "LT"));
        Assert.Throws<SerializationException>(() => ControlMessageSerializer.Decode([.. bytes, 0], "LT"));
    }
}
