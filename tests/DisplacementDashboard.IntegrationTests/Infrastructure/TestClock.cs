namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>A clock the test moves by hand, so "as of" instants fall exactly between changes.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTime UtcNow => _now.UtcDateTime;

    public void Advance(TimeSpan by) => _now += by;
}
