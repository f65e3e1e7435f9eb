/** Shapes of capability URL (whoever has one can post); made-up tokens in each service's documented form. */
export const CAPABILITY_URLS = [
  'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  'https://discord.com/api/webhooks/123456789012345678/abcDEF-ghiJKL_mno',
  'https://nimbus.webhook.office.com/webhookb2/11111111-2222-3333-4444-555555555555@x/IncomingWebhook/abc/def',
  'https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0',
  'https://chat.nimbus.example/hooks/xi1bkuzs8fdumq9wbfdpzsk6fr',
  'https://hooks.zapier.com/hooks/catch/123456/abcdef/',
  'https://maker.ifttt.com/trigger/status_update/with/key/dA1bC2eF3gH4',
  'https://hook.eu1.make.com/abcdefghijklmnopqrstuvwx12345678',
  'https://n8n.nimbus.example/webhook/0f8fad5b-d9cb-469f-a165-70867728950e',
  'https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=-100123',
  'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue',
];
