import Testing

@testable import MigrationKit

@Suite("JobSchedule: predicting when serial import jobs end")
struct JobScheduleTests {
    @Test("before any job ended, jobs queue behind each other at the first guess")
    func firstGuess() {
        let schedule = JobSchedule(firstGuess: 1)
        schedule.accepted("a", records: 1000, at: 10, created: 1000)
        schedule.accepted("b", records: 1000, at: 10.1, created: 1000.1)
        schedule.accepted("c", records: 1000, at: 13, created: 1003)
        #expect(schedule.predictedEnd("a") == 11)
        #expect(schedule.predictedEnd("b") == 12)
        // Accepted after b's predicted end: it starts at its own acceptance.
        #expect(schedule.predictedEnd("c") == 14)
    }

    @Test("the duration is learned from the platform's times and moves the jobs queued behind")
    func learnsDuration() {
        let schedule = JobSchedule(firstGuess: 1)
        schedule.accepted("a", records: 1000, at: 10, created: 1000)
        schedule.accepted("b", records: 1000, at: 10, created: 1000)
        schedule.accepted("c", records: 1000, at: 10, created: 1000)
        // a ran 0.55 s; the answer came at 11 (polled late), but it ended at 10.55 on our clock.
        schedule.ended("a", created: 1000, completed: 1000.55, at: 11)
        #expect(abs(schedule.estimate(records: 1000) - 0.55) < 1e-9)
        #expect(abs(schedule.predictedEnd("b") - 11.10) < 1e-9)
        #expect(abs(schedule.predictedEnd("c") - 11.65) < 1e-9)
        // b started when a ended, not when it was created: it too ran 0.55 s.
        schedule.ended("b", created: 1000, completed: 1001.10, at: 11.2)
        #expect(abs(schedule.estimate(records: 1000) - 0.55) < 1e-9)
        #expect(abs(schedule.predictedEnd("c") - 11.65) < 1e-9)
    }

    @Test("a job of another size is estimated from jobs of its size when there are some, else from all")
    func bySize() {
        let schedule = JobSchedule(firstGuess: 1)
        schedule.accepted("a", records: 1000, at: 0, created: 100)
        schedule.ended("a", created: 100, completed: 100.6, at: 0.7)
        #expect(abs(schedule.estimate(records: 10) - 0.6) < 1e-9)
        schedule.accepted("b", records: 10, at: 1, created: 101)
        schedule.ended("b", created: 101, completed: 101.2, at: 1.3)
        #expect(abs(schedule.estimate(records: 10) - 0.2) < 1e-9)
        #expect(abs(schedule.estimate(records: 1000) - 0.6) < 1e-9)
    }

    @Test("a forgotten job ends now for the jobs behind it, and teaches nothing")
    func forget() {
        let schedule = JobSchedule(firstGuess: 2)
        schedule.accepted("a", records: 5, at: 0, created: 100)
        schedule.accepted("b", records: 5, at: 0, created: 100)
        schedule.forget("a", at: 0.5)
        #expect(schedule.predictedEnd("b") == 2.5)
        #expect(schedule.estimate(records: 5) == 2)
    }

    @Test("a job found submitted by an earlier run is polled at once, not after a job's duration")
    func resumedJob() {
        let schedule = JobSchedule(firstGuess: 1)
        schedule.resumed("old", records: 1000, at: 5)
        schedule.accepted("new", records: 1000, at: 5, created: 100)
        #expect(schedule.predictedEnd("old") == 5)
        #expect(schedule.predictedEnd("new") == 6)
    }
}
