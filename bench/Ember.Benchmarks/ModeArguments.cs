namespace Ember.Benchmarks;

/// <summary>The command-line contract every benchmark mode keeps: a bad argument prints why and the usage, exit code 2.</summary>
internal static class ModeArguments
{
    public const int BadArguments = 2;

    /// <summary>The settings <paramref name="parse"/> makes of <paramref name="args"/>, or null after printing why it could not.</summary>
    public static T? Parse<T>(string[] args, Func<string[], T> parse, string usage)
        where T : class
    {
        try
        {
            return parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Usage: " + usage);
            return null;
        }
    }
}
