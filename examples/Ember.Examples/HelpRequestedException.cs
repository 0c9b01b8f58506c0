namespace Ember.Examples;

/// <summary>An example was asked for its usage (<c>--help</c>): the message is the usage, printed on standard output, exit code 0.</summary>
internal sealed class HelpRequestedException(string usage) : ArgumentException(usage);
