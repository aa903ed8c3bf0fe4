package events

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch/internal/jsonfield"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
)

// CloudTrailEventType is the eventType of a CloudTrail record. Values not
// listed below are kept as they are.
type CloudTrailEventType string

// CloudTrail event types of KMS records (docs/reference.md#21-envelope-and-detail-types).
const (
	// EventTypeAPICall marks a record of an API request, delivered with
	// detail-type [DetailTypeAPICall].
	EventTypeAPICall CloudTrailEventType = "AwsApiCall"
	// EventTypeServiceEvent marks a record KMS wrote itself (RotateKey,
	// DeleteKey, DeleteExpiredKeyMaterial), delivered with detail-type
	// [DetailTypeServiceEvent].
	EventTypeServiceEvent CloudTrailEventType = "AwsServiceEvent"
)

// ResourceTypeKMSKey is the CloudTrail resource type of a KMS key.
const ResourceTypeKMSKey = "AWS::KMS::Key"

// CloudTrailRecord is the detail of a KMS event delivered through CloudTrail: the
// fields a responder uses, the request, response and service-event details kept raw,
// and the key identifiers pulled out of them
// (docs/reference.md#21-envelope-and-detail-types, 2.4). Members not modelled are kept
// in Extra.
type CloudTrailRecord struct {
	EventVersion       string               // eventVersion
	UserIdentity       UserIdentity         // userIdentity
	EventTime          time.Time            // eventTime
	EventSource        string               // eventSource, always kms.amazonaws.com
	EventName          string               // eventName, required, e.g. "ScheduleKeyDeletion"
	AWSRegion          string               // awsRegion
	SourceIPAddress    string               // sourceIPAddress
	UserAgent          string               // userAgent
	ErrorCode          string               // errorCode, e.g. "KMSInvalidStateException"
	ErrorMessage       string               // errorMessage
	RequestID          string               // requestID
	EventID            string               // eventID
	ReadOnly           bool                 // readOnly: true for cryptographic calls (docs/reference.md#22-read-only-events-and-rule-state)
	EventType          CloudTrailEventType  // eventType
	RecipientAccountID string               // recipientAccountId
	EventCategory      string               // eventCategory
	Resources          []CloudTrailResource // resources

	// RequestParameters, ResponseElements and ServiceEventDetails are kept
	// raw (nil when absent; the JSON null when null).
	RequestParameters   json.RawMessage // requestParameters
	ResponseElements    json.RawMessage // responseElements
	ServiceEventDetails json.RawMessage // serviceEventDetails

	Extra []Member

	// KeyID is the ID of the key the record is about, pulled out at decode time from,
	// in order: serviceEventDetails.keyId, a resources[] key ARN,
	// responseElements.keyId, requestParameters.keyId (aliases skipped; the caller may
	// pass any identifier there, docs/reference.md#21-envelope-and-detail-types), the
	// key ARN of a pending-deletion error. MarshalJSON does not write it.
	KeyID string
	// KeyMaterialID is keyMaterialId from serviceEventDetails, responseElements or
	// requestParameters, where present
	// (docs/reference.md#23-eventnames-worth-monitoring). MarshalJSON does not write
	// it.
	KeyMaterialID string
}

// UserIdentity holds the basic userIdentity fields of a CloudTrail record.
// Others, such as sessionContext, are kept in Extra.
type UserIdentity struct {
	Type        string // type, e.g. "IAMUser", "AssumedRole"
	PrincipalID string // principalId
	ARN         string // arn
	AccountID   string // accountId
	AccessKeyID string // accessKeyId
	UserName    string // userName
	InvokedBy   string // invokedBy, e.g. "AWS Internal" on service events
	Extra       []Member
}

// CloudTrailResource is one entry of a record's resources.
type CloudTrailResource struct {
	AccountID string // accountId
	Type      string // type, e.g. ResourceTypeKMSKey
	ARN       string // ARN
	Extra     []Member
}

// PendingDeletion reports whether the record is a call that failed because
// its key is pending deletion, and returns the key's ARN taken from the
// error message (see [ParsePendingDeletion]).
func (r *CloudTrailRecord) PendingDeletion() (ARN, bool) {
	if r.ErrorMessage == "" {
		return ARN{}, false
	}
	return ParsePendingDeletion(r.ErrorMessage)
}

// ParsePendingDeletion recognises the KMS error message for a key pending
// deletion and returns the key ARN. The confirmed message is "<key ARN> is
// pending deletion."; the KMS key-state table also prints "<key ARN> is
// pending deletion (or pending replica deletion).", so that text and "<key
// ARN> is pending replica deletion." are accepted too, unverified on the
// wire. The rules package's PendingDeletionUse pattern matches the same
// set. The message may be preceded by white space and by the exception
// name and ": ", as in logs, and must end with the wording, as a suffix
// pattern requires. It reports false for any other message, including "… is not
// pending deletion.", and for an alias ARN. It is safe for concurrent use.
func ParsePendingDeletion(msg string) (ARN, bool) {
	text, ok := kmsvocab.CutPendingDeletion(msg)
	if !ok {
		return ARN{}, false
	}
	a, err := ParseARN(text)
	if err != nil || !a.IsKey() {
		return ARN{}, false
	}
	return a, true
}

func (r CloudTrailRecord) keyID(*Header) string { return r.KeyID }

// keyARN prefers a key ARN in the record's resources, then one in its key
// fields or error message, then the envelope's resources, then an ARN built
// from KeyID and the envelope's region and account.
func (r CloudTrailRecord) keyARN(h *Header) ARN {
	match := func(a ARN) bool { return a.IsKey() && (r.KeyID == "" || a.ID == r.KeyID) }
	for _, res := range r.Resources {
		if a, err := ParseARN(res.ARN); err == nil && match(a) {
			return a
		}
	}
	for _, raw := range [...]json.RawMessage{r.ServiceEventDetails, r.ResponseElements, r.RequestParameters} {
		id, _ := keyFields(string(raw))
		if a, err := ParseARN(id); err == nil && match(a) {
			return a
		}
	}
	if a, ok := r.PendingDeletion(); ok && match(a) {
		return a
	}
	return resourceKeyARN(h, r.KeyID)
}

// keyFields returns the keyId and keyMaterialId string members of a raw
// object, or "" for each one absent.
func keyFields(raw string) (keyID, materialID string) {
	if len(raw) == 0 || raw[0] != '{' {
		return "", ""
	}
	sc := jsonscan.New(raw)
	return keyMembers(&sc)
}

// keyMembers reads the object at the scanner's position and returns its
// keyId and keyMaterialId string members, or "" for each one absent.
func keyMembers(sc *jsonscan.Scanner) (keyID, materialID string) {
	sc.BeginObject()
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			break
		}
		switch {
		case key == "keyId" && sc.Peek() == '"':
			keyID = sc.Str()
		case key == "keyMaterialId" && sc.Peek() == '"':
			materialID = sc.Str()
		default:
			sc.Skip()
		}
	}
	return keyID, materialID
}

// bareKeyID turns a key ID or key ARN into a key ID; aliases and anything
// else give "".
func bareKeyID(s string) string {
	if strings.HasPrefix(s, "arn:") {
		if a, err := ParseARN(s); err == nil && a.IsKey() {
			return a.ID
		}
		return ""
	}
	if kmsvocab.ValidKeyID(s) {
		return s
	}
	return ""
}

// rawKeys holds the raw requestParameters, responseElements and
// serviceEventDetails (in that order in raw; has says which were present)
// and the keyId and keyMaterialId members found in them.
type rawKeys struct {
	raw                                              [3]string
	has                                              [3]bool
	reqKey, reqMat, respKey, respMat, sedKey, sedMat string
}

// rawMessages copies the raw members into one allocation: nil when absent,
// each capped so that appending to one cannot overwrite the next.
func (k *rawKeys) rawMessages() (req, resp, sed json.RawMessage) {
	n := 0
	for _, s := range k.raw {
		n += len(s)
	}
	buf := make([]byte, 0, n)
	var out [3]json.RawMessage
	for i, s := range k.raw {
		if k.has[i] {
			at := len(buf)
			buf = append(buf, s...)
			out[i] = buf[at:len(buf):len(buf)]
		}
	}
	return out[0], out[1], out[2]
}

// resolveKeys fills KeyID and KeyMaterialID after decoding, in the order
// documented on the fields.
func (r *CloudTrailRecord) resolveKeys(k *rawKeys) {
	r.KeyID = bareKeyID(k.sedKey)
	for i := 0; r.KeyID == "" && i < len(r.Resources); i++ {
		r.KeyID = bareKeyID(r.Resources[i].ARN)
	}
	if r.KeyID == "" {
		r.KeyID = bareKeyID(k.respKey)
	}
	if r.KeyID == "" {
		r.KeyID = bareKeyID(k.reqKey)
	}
	if r.KeyID == "" {
		if a, ok := r.PendingDeletion(); ok {
			r.KeyID = a.ID
		}
	}
	for _, m := range [...]string{k.sedMat, k.respMat, k.reqMat} {
		if m != "" {
			r.KeyMaterialID = m
			break
		}
	}
}

// rawWithKeys records the next value as raw member i of k and returns its
// keyId and keyMaterialId members, reading an object once: the walk that
// finds them validates it too.
func (d *decoder) rawWithKeys(k *rawKeys, i int) (keyID, materialID string) {
	sc := &d.sc
	if sc.Peek() != '{' {
		k.raw[i], k.has[i] = sc.Raw(), sc.Err == nil
		return "", ""
	}
	start := sc.Pos
	keyID, materialID = keyMembers(sc)
	if sc.Err != nil {
		k.has[i] = false
		return "", ""
	}
	k.raw[i], k.has[i] = sc.Data[start:sc.Pos], true
	return keyID, materialID
}

func (r *CloudTrailRecord) decode(d *decoder) {
	const p = "detail"
	if !d.object(p, -1, "") {
		d.invalid(p, -1, "eventName", jsonfield.Required)
		return
	}
	var k rawKeys
	d.eachMember(func(key string) bool {
		switch key {
		case "eventVersion":
			r.EventVersion = d.str(p, -1, key)
		case "userIdentity":
			r.UserIdentity.decode(d)
		case "eventTime":
			r.EventTime = d.time(p, -1, key)
		case "eventSource":
			r.EventSource = d.str(p, -1, key)
		case "eventName":
			r.EventName = d.str(p, -1, key)
		case "awsRegion":
			r.AWSRegion = d.str(p, -1, key)
		case "sourceIPAddress":
			r.SourceIPAddress = d.str(p, -1, key)
		case "userAgent":
			r.UserAgent = d.str(p, -1, key)
		case "errorCode":
			r.ErrorCode = d.str(p, -1, key)
		case "errorMessage":
			r.ErrorMessage = d.str(p, -1, key)
		case "requestParameters":
			k.reqKey, k.reqMat = d.rawWithKeys(&k, 0)
		case "responseElements":
			k.respKey, k.respMat = d.rawWithKeys(&k, 1)
		case "serviceEventDetails":
			k.sedKey, k.sedMat = d.rawWithKeys(&k, 2)
		case "requestID":
			r.RequestID = d.str(p, -1, key)
		case "eventID":
			r.EventID = d.str(p, -1, key)
		case "readOnly":
			r.ReadOnly = d.boolean(p, -1, key)
		case "eventType":
			r.EventType = CloudTrailEventType(d.str(p, -1, key))
		case "recipientAccountId":
			r.RecipientAccountID = d.str(p, -1, key)
		case "eventCategory":
			r.EventCategory = d.str(p, -1, key)
		case "resources":
			r.decodeResources(d)
		default:
			return false
		}
		return true
	}, &r.Extra)
	if d.sc.Err != nil {
		return
	}
	r.RequestParameters, r.ResponseElements, r.ServiceEventDetails = k.rawMessages()
	switch {
	case r.EventSource == "":
		d.invalid(p, -1, "eventSource", jsonfield.Required)
	case r.EventSource != EventSourceKMS && d.notKMS == nil:
		d.notKMS = &SourceError{Field: "detail.eventSource", Got: r.EventSource, Want: EventSourceKMS}
	}
	if r.EventName == "" {
		d.invalid(p, -1, "eventName", jsonfield.Required)
	}
	r.resolveKeys(&k)
}

func (r *CloudTrailRecord) decodeResources(d *decoder) {
	const p = "detail.resources"
	if d.sc.Peek() == '[' {
		r.Resources = []CloudTrailResource{} // [] stays apart from an absent list
	}
	d.elems("detail", -1, "resources", func(i int) {
		if d.sc.Peek() != '{' {
			d.typeErr(p, i, "", jsonfield.Object)
			return
		}
		var res CloudTrailResource
		d.fields(p, i, "", &res.Extra, func(key string) bool {
			switch key {
			case "accountId":
				res.AccountID = d.str(p, i, key)
			case "type":
				res.Type = d.str(p, i, key)
			case "ARN":
				res.ARN = d.str(p, i, key)
			default:
				return false
			}
			return true
		})
		r.Resources = append(r.Resources, res)
	})
}

func (u *UserIdentity) decode(d *decoder) {
	const p = "detail.userIdentity"
	d.fields("detail", -1, "userIdentity", &u.Extra, func(key string) bool {
		switch key {
		case "type":
			u.Type = d.str(p, -1, key)
		case "principalId":
			u.PrincipalID = d.str(p, -1, key)
		case "arn":
			u.ARN = d.str(p, -1, key)
		case "accountId":
			u.AccountID = d.str(p, -1, key)
		case "accessKeyId":
			u.AccessKeyID = d.str(p, -1, key)
		case "userName":
			u.UserName = d.str(p, -1, key)
		case "invokedBy":
			u.InvokedBy = d.str(p, -1, key)
		default:
			return false
		}
		return true
	})
}

func (u *UserIdentity) isZero() bool {
	return u.Type == "" && u.PrincipalID == "" && u.ARN == "" && u.AccountID == "" &&
		u.AccessKeyID == "" && u.UserName == "" && u.InvokedBy == "" && len(u.Extra) == 0
}

func (u *UserIdentity) encode(w *writer) {
	w.objStart()
	w.strMember("type", u.Type)
	w.strMember("principalId", u.PrincipalID)
	w.strMember("arn", u.ARN)
	w.strMember("accountId", u.AccountID)
	w.strMember("accessKeyId", u.AccessKeyID)
	w.strMember("userName", u.UserName)
	w.strMember("invokedBy", u.InvokedBy)
	w.extra(u.Extra)
	w.objEnd()
}

func (r CloudTrailRecord) encode(w *writer) {
	w.objStart()
	w.strMember("eventVersion", r.EventVersion)
	if !r.UserIdentity.isZero() {
		w.key("userIdentity")
		r.UserIdentity.encode(w)
	}
	w.timeMember("eventTime", r.EventTime)
	w.strMember("eventSource", r.EventSource)
	w.strMember("eventName", r.EventName)
	w.strMember("awsRegion", r.AWSRegion)
	w.strMember("sourceIPAddress", r.SourceIPAddress)
	w.strMember("userAgent", r.UserAgent)
	w.strMember("errorCode", r.ErrorCode)
	w.strMember("errorMessage", r.ErrorMessage)
	w.rawMember("requestParameters", r.RequestParameters)
	w.rawMember("responseElements", r.ResponseElements)
	w.strMember("requestID", r.RequestID)
	w.strMember("eventID", r.EventID)
	w.key("readOnly")
	w.boolean(r.ReadOnly)
	if r.Resources != nil {
		w.key("resources")
		w.arrStart()
		for _, res := range r.Resources {
			w.objStart()
			w.strMember("accountId", res.AccountID)
			w.strMember("type", res.Type)
			w.strMember("ARN", res.ARN)
			w.extra(res.Extra)
			w.objEnd()
		}
		w.arrEnd()
	}
	w.strMember("eventType", string(r.EventType))
	w.strMember("recipientAccountId", r.RecipientAccountID)
	w.rawMember("serviceEventDetails", r.ServiceEventDetails)
	w.strMember("eventCategory", r.EventCategory)
	w.extra(r.Extra)
	w.objEnd()
}
