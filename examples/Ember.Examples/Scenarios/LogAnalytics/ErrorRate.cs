namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>Requests and server errors over one window.</summary>
internal readonly record struct ErrorRate(long Requests, long Errors)
{
    public double Rate => Requests == 0 ? 0 : (double)Errors / Requests;

    public static ErrorRate operator +(ErrorRate a, ErrorRate b) => new(a.Requests + b.Requests, a.Errors + b.Errors);

    public static ErrorRate operator -(ErrorRate a, ErrorRate b) => new(a.Requests - b.Requests, a.Errors - b.Errors);
}
