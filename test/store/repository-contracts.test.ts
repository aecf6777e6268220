import { describeContract, knexBackends, memoryBackend } from './contracts/backends';
import { conversationsContract } from './contracts/conversations';
import { customersContract } from './contracts/customers';
import { feedbackContract } from './contracts/feedback';
import { handoffsContract } from './contracts/handoffs';
import { messagesContract } from './contracts/messages';
import { orderLookupsContract } from './contracts/order-lookups';
import { privacyContract } from './contracts/privacy';
import { ticketsContract } from './contracts/tickets';
import { timersContract } from './contracts/timers';

// Every repository of store/repositories.ts held to one contract on each backend that
// implements it (test/store/contracts): knex on SQLite and PostgreSQL, and the in-memory
// fakes of test/fakes for the repositories the dialogs use.

const dialogBackends = [...knexBackends, memoryBackend];

describeContract('conversations', conversationsContract, dialogBackends);
describeContract('feedback', feedbackContract, dialogBackends);
describeContract('customers', customersContract, dialogBackends);
describeContract('order lookup failures', orderLookupsContract, dialogBackends);
describeContract('messages', messagesContract, knexBackends);
describeContract('handoffs', handoffsContract, knexBackends);
describeContract('timers', timersContract, knexBackends);
describeContract('tickets', ticketsContract, knexBackends);
describeContract('privacy', privacyContract, knexBackends);
