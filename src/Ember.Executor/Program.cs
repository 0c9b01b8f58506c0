using System.Reflection;

// Started as `dotnet exec --depsfile <app>.deps.json --runtimeconfig <app>.runtimeconfig.json Ember.Executor.dll <args>`
// from the application's directory: the executor then loads the very assemblies the driver runs (checked at
// registration), and this program only needs to find Ember.Cluster's executor program, by name.
const string ProgramType = "Ember.Cluster.Processes.ExecutorProgram";
Assembly cluster;
try
{
    cluster = Assembly.Load("Ember.Cluster");
}
catch (FileNotFoundException)
{
    Console.Error.WriteLine("Ember.Executor runs inside an Ember application: start it with that application's files, " +
        "`dotnet exec --depsfile <app>.deps.json --runtimeconfig <app>.runtimeconfig.json Ember.Executor.dll <args>`.");
    return 64;
}
var run = cluster.GetType(ProgramType, throwOnError: true)!
    .GetMethod("RunAsync", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(string[])])
    ?? throw new MissingMethodException(ProgramType, "RunAsync(string[])");
return await (Task<int>)run.Invoke(null, [args])!;
