import { feedResponse } from '../responses.ts';

/** One entry per incident update, maintenance update and notice. */
export const GET = () => feedResponse('atom');
