using Ember.Streaming;

namespace Ember.Examples.Scenarios.IotSensors;

/// <summary>A meter came online (first reading, or first after an outage) or went offline, with the time it was last seen.</summary>
internal readonly record struct MeterEvent(int Meter, bool Online, Time LastSeen);
