using Ember.Examples;

return args.FirstOrDefault() switch
{
    null or "wordcount" => await WordCount.RunAsync(args.Skip(1).ToArray()),
    "tour" => await Tour.RunAsync(),
    var unknown => Usage(unknown),
};

static int Usage(string command)
{
    Console.Error.WriteLine($"Unknown example '{command}'. Available: wordcount [path] [master], tour");
    return 2;
}
