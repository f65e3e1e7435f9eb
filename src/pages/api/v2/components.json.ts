import { getApi, json } from '../../../api.ts';

export const GET = () => json(getApi().componentsDocument());
