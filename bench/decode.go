package benchcmp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	lambda "github.com/aws/aws-lambda-go/events"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

// Fixtures are the payloads compared, from events/testdata.
var Fixtures = []string{
	"rotation-2025.json",
	"rotation-2016.json",
	"constructed-expiration-key-material-id.json",
	"constructed-deletion-key-origin.json",
	"constructed-cloudtrail-schedule-key-deletion.json",
	"constructed-cloudtrail-decrypt-pending-deletion.json",
}

// Variants is how many distinct copies of each payload are cycled through.
const Variants = 1000

// LoadVariants reads a fixture from events/testdata (dir is the path of the
// module root, ".." from here) and returns its variants.
func LoadVariants(root, name string) ([][]byte, error) {
	b, err := os.ReadFile(filepath.Join(root, "events", "testdata", name))
	if err != nil {
		return nil, err
	}
	return fakeid.Variants(b, Variants), nil
}

// Events decodes with package events and returns the key ID.
func Events(data []byte) (string, error) {
	ev, err := events.Parse(data)
	if err != nil {
		return "", err
	}
	return ev.KeyID(), nil
}

// The detail types a caller of aws-lambda-go declares for the second
// json.Unmarshal, with the same fields package events models.
type (
	nativeDetail struct {
		KeyID                 string `json:"key-id"`
		KeyOrigin             string `json:"key-origin"`
		RotationType          string `json:"rotation-type"`
		PreviousKeyMaterialID string `json:"previous-key-material-id"`
		CurrentKeyMaterialID  string `json:"current-key-material-id"`
		KeyMaterialID         string `json:"key-material-id"`
	}
	cloudTrailDetail struct {
		EventVersion string `json:"eventVersion"`
		UserIdentity struct {
			Type        string `json:"type"`
			PrincipalID string `json:"principalId"`
			ARN         string `json:"arn"`
			AccountID   string `json:"accountId"`
			AccessKeyID string `json:"accessKeyId"`
			UserName    string `json:"userName"`
			InvokedBy   string `json:"invokedBy"`
		} `json:"userIdentity"`
		EventTime           time.Time       `json:"eventTime"`
		EventSource         string          `json:"eventSource"`
		EventName           string          `json:"eventName"`
		AWSRegion           string          `json:"awsRegion"`
		SourceIPAddress     string          `json:"sourceIPAddress"`
		UserAgent           string          `json:"userAgent"`
		ErrorCode           string          `json:"errorCode"`
		ErrorMessage        string          `json:"errorMessage"`
		RequestParameters   json.RawMessage `json:"requestParameters"`
		ResponseElements    json.RawMessage `json:"responseElements"`
		ServiceEventDetails json.RawMessage `json:"serviceEventDetails"`
		RequestID           string          `json:"requestID"`
		EventID             string          `json:"eventID"`
		ReadOnly            bool            `json:"readOnly"`
		Resources           []struct {
			AccountID string `json:"accountId"`
			Type      string `json:"type"`
			ARN       string `json:"ARN"`
		} `json:"resources"`
		EventType          string `json:"eventType"`
		RecipientAccountID string `json:"recipientAccountId"`
		EventCategory      string `json:"eventCategory"`
	}
)

// Lambda decodes the way Go programs commonly do today: aws-lambda-go's
// CloudWatchEvent, then a second json.Unmarshal of Detail into a struct
// chosen by DetailType. It returns the key ID.
func Lambda(data []byte) (string, error) {
	var e lambda.CloudWatchEvent
	if err := json.Unmarshal(data, &e); err != nil {
		return "", err
	}
	if e.Source != events.SourceKMS {
		return "", fmt.Errorf("source %q", e.Source)
	}
	switch events.DetailType(e.DetailType) {
	case events.DetailTypeAPICall, events.DetailTypeServiceEvent:
		var d cloudTrailDetail
		if err := json.Unmarshal(e.Detail, &d); err != nil {
			return "", err
		}
		if len(d.Resources) > 0 {
			return d.Resources[0].ARN, nil
		}
		return "", nil
	}
	var d nativeDetail
	if err := json.Unmarshal(e.Detail, &d); err != nil {
		return "", err
	}
	return d.KeyID, nil
}
