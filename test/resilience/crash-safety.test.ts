import { expect } from 'chai';
import { runCrashScenario, type CrashReport } from '../../bench/lib/crash-scenario';

describe('crash safety (server process killed with SIGKILL under load, SQLite file)', function () {
  this.timeout(600_000);
  let report: CrashReport;

  before(async () => {
    report = await runCrashScenario({
      concurrency: 8,
      killAfterAcknowledged: 40,
      maxMessages: 400,
      agentTimeoutS: 20,
      timeoutWaitMs: 90_000,
    });
  });

  describe('the crash', () => {
    it('kills the process mid-stream, with requests still unanswered', () => {
      expect(report.killSignal).to.equal('SIGKILL');
      expect(report.acknowledgedBeforeCrash, 'acknowledged before the kill').to.be.at.least(40);
      expect(report.unacknowledged, 'requests cut off by the kill').to.be.at.least(1);
    });
  });

  describe('the database file right after the crash', () => {
    it('passes PRAGMA integrity_check', () => {
      expect(report.afterCrash.integrity).to.equal('ok');
    });

    it('holds every acknowledged message exactly once', () => {
      expect(report.afterCrash.acknowledgedNotOnce, 'acknowledged messages missing or duplicated').to.deep.equal([]);
    });

    it('keeps the open handoff waiting with its timeout timer', () => {
      expect(report.afterCrash.handoffStatus).to.equal('waiting');
      expect(report.afterCrash.timerPending, 'handoff-timeout row in the timers table').to.equal(true);
      expect(report.afterCrash.timeoutMessages, 'the timeout had not fired before the crash').to.equal(0);
    });
  });

  describe('after a restart on the same file', () => {
    it('acknowledges every redelivered message', () => {
      expect(report.afterRestart.redeliveryFailures).to.deep.equal([]);
    });

    it('holds every message sent exactly once, with no duplicate rows', () => {
      expect(report.afterRestart.notOnce).to.deep.equal([]);
      expect(report.afterRestart.duplicateKeys).to.equal(0);
      expect(report.afterRestart.handoffTickets, 'one ticket for the handoff').to.equal(1);
    });

    it('fires the pending handoff timeout once and tells the customer no agent is free', () => {
      expect(report.afterRestart.timeoutMessages).to.equal(1);
      expect(report.afterRestart.handoffStatus).to.equal('timed_out');
    });

    it('passes PRAGMA integrity_check and exits 0 on SIGTERM', () => {
      expect(report.afterRestart.integrity).to.equal('ok');
      expect(report.cleanExitCode).to.equal(0);
    });
  });
});
